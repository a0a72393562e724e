namespace Telehealth.Crypto.Tests;

/// <summary>The real local provider, counting how often the keyring reaches it (to observe data-key caching).</summary>
internal sealed class CountingProvider(LocalKeyEncryptionKeyProvider inner) : IKeyEncryptionKeyProvider, IDisposable, ICachingKeyProvider
{
    private int _wraps;
    private int _unwraps;

    public int Wraps => Volatile.Read(ref _wraps);

    public int Unwraps => Volatile.Read(ref _unwraps);

    public int UnsealedKeys => inner.UnsealedKeys;

    public void Forget(string providerReference) => ((ICachingKeyProvider)inner).Forget(providerReference);

    public string Name => inner.Name;

    public ValueTask<string> CreateKeyAsync(string keyringId, int version, CancellationToken cancellationToken = default) =>
        inner.CreateKeyAsync(keyringId, version, cancellationToken);

    public ValueTask<byte[]> WrapAsync(string providerReference, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _wraps);
        return inner.WrapAsync(providerReference, dataKey, associatedData, cancellationToken);
    }

    public ValueTask UnwrapAsync(string providerReference, ReadOnlyMemory<byte> wrappedKey, ReadOnlyMemory<byte> associatedData, Memory<byte> dataKey, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _unwraps);
        return inner.UnwrapAsync(providerReference, wrappedKey, associatedData, dataKey, cancellationToken);
    }

    public ValueTask DestroyKeyAsync(string providerReference, CancellationToken cancellationToken = default) =>
        inner.DestroyKeyAsync(providerReference, cancellationToken);

    public void Dispose() => inner.Dispose();
}
