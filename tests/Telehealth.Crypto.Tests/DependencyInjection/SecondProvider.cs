namespace Telehealth.Crypto.Tests;

/// <summary>The real local provider under another name, standing in for an extra provider such as an HSM or KMS adapter.</summary>
internal sealed class SecondProvider : IKeyEncryptionKeyProvider, IDisposable
{
    private readonly LocalMasterKey _masterKey = LocalMasterKey.Generate();
    private readonly LocalKeyEncryptionKeyProvider _inner;
    private int _wraps;

    public SecondProvider() => _inner = new LocalKeyEncryptionKeyProvider(_masterKey);

    public string Name => "second";

    public int Wraps => Volatile.Read(ref _wraps);

    public ValueTask<string> CreateKeyAsync(string keyringId, int version, CancellationToken cancellationToken = default) =>
        _inner.CreateKeyAsync(keyringId, version, cancellationToken);

    public ValueTask<byte[]> WrapAsync(string providerReference, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _wraps);
        return _inner.WrapAsync(providerReference, dataKey, associatedData, cancellationToken);
    }

    public ValueTask UnwrapAsync(string providerReference, ReadOnlyMemory<byte> wrappedKey, ReadOnlyMemory<byte> associatedData, Memory<byte> dataKey, CancellationToken cancellationToken = default) =>
        _inner.UnwrapAsync(providerReference, wrappedKey, associatedData, dataKey, cancellationToken);

    public ValueTask DestroyKeyAsync(string providerReference, CancellationToken cancellationToken = default) =>
        _inner.DestroyKeyAsync(providerReference, cancellationToken);

    public void Dispose()
    {
        _inner.Dispose();
        _masterKey.Dispose();
    }
}
