using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Telehealth.Crypto;

/// <summary>
/// The embedded key provider: each key-encryption key is a random AES-256 key sealed (AES-256-GCM)
/// under a <see cref="LocalMasterKey"/>, and the sealed form is what the keyring store keeps, so keyring
/// files hold no usable key without the master key. Data keys are wrapped with AES-256-GCM, the keyring
/// id and version authenticated as associated data. Unsealed keys are cached in pinned memory and zeroed
/// when their version is disabled, destroyed or retired (the keyring tells the provider) and on dispose.
/// Use an HSM provider where policy requires keys that never exist in process memory.
/// </summary>
public sealed class LocalKeyEncryptionKeyProvider : IKeyEncryptionKeyProvider, IDisposable, ICachingKeyProvider
{
    /// <summary>The provider name recorded in keyring stores.</summary>
    public const string ProviderName = "local";

    private const string ReferencePrefix = "local:v1:";
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int SealedSize = NonceSize + KeySize + TagSize;

    private readonly Lazy<LocalMasterKey> _masterKey;
    private readonly bool _ownsMasterKey;
    private readonly ConcurrentDictionary<string, byte[]> _unsealed = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="LocalKeyEncryptionKeyProvider"/> class.</summary>
    /// <param name="masterKey">The master key; the provider does not dispose it.</param>
    public LocalKeyEncryptionKeyProvider(LocalMasterKey masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        _masterKey = new Lazy<LocalMasterKey>(masterKey);
    }

    /// <summary>Loads the master key on first use and owns it, so hosts that never use this provider need none.</summary>
    internal LocalKeyEncryptionKeyProvider(Lazy<LocalMasterKey> masterKey)
    {
        _masterKey = masterKey;
        _ownsMasterKey = true;
    }

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <inheritdoc/>
    public ValueTask<string> CreateKeyAsync(string keyringId, int version, CancellationToken cancellationToken = default)
    {
        KeyringIds.Require(keyringId, nameof(keyringId));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(version);
        ObjectDisposedException.ThrowIf(_disposed, this);

        Span<byte> key = stackalloc byte[KeySize];
        Span<byte> sealedKey = stackalloc byte[SealedSize];
        Span<byte> associatedData = stackalloc byte[SealAssociatedDataSize(keyringId)];
        try
        {
            RandomNumberGenerator.Fill(key);
            RandomNumberGenerator.Fill(sealedKey[..NonceSize]);
            WriteSealAssociatedData(keyringId, version, associatedData);
            using (var aes = new AesGcm(_masterKey.Value.Key, TagSize))
            {
                aes.Encrypt(sealedKey[..NonceSize], key, sealedKey.Slice(NonceSize, KeySize), sealedKey[(NonceSize + KeySize)..], associatedData);
            }

            return ValueTask.FromResult(ReferencePrefix + keyringId + ":" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + Convert.ToBase64String(sealedKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <inheritdoc/>
    public ValueTask<byte[]> WrapAsync(string providerReference, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken = default)
    {
        var kek = Unseal(providerReference);
        var wrapped = new byte[NonceSize + dataKey.Length + TagSize];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceSize));
        using var aes = new AesGcm(kek, TagSize);
        aes.Encrypt(wrapped.AsSpan(0, NonceSize), dataKey.Span, wrapped.AsSpan(NonceSize, dataKey.Length), wrapped.AsSpan(NonceSize + dataKey.Length), associatedData.Span);
        return ValueTask.FromResult(wrapped);
    }

    /// <inheritdoc/>
    public ValueTask UnwrapAsync(string providerReference, ReadOnlyMemory<byte> wrappedKey, ReadOnlyMemory<byte> associatedData, Memory<byte> dataKey, CancellationToken cancellationToken = default)
    {
        var kek = Unseal(providerReference);
        var wrapped = wrappedKey.Span;
        var length = wrapped.Length - NonceSize - TagSize;
        if (length != dataKey.Length)
        {
            throw Errors.UnwrapFailed();
        }

        using var aes = new AesGcm(kek, TagSize);
        try
        {
            aes.Decrypt(wrapped[..NonceSize], wrapped.Slice(NonceSize, length), wrapped[(NonceSize + length)..], dataKey.Span, associatedData.Span);
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(dataKey.Span);
            throw Errors.UnwrapFailed();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DestroyKeyAsync(string providerReference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(providerReference);
        Forget(providerReference);

        // The sealed key lives only in the keyring store, which erases the reference on destruction.
        return ValueTask.CompletedTask;
    }

    /// <summary>Gets how many keys are held unsealed (for tests).</summary>
    internal int UnsealedKeys => _unsealed.Count;

    /// <inheritdoc/>
    void ICachingKeyProvider.Forget(string providerReference) => Forget(providerReference);

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        foreach (var key in _unsealed.Values)
        {
            CryptographicOperations.ZeroMemory(key);
        }

        _unsealed.Clear();
        if (_ownsMasterKey && _masterKey.IsValueCreated)
        {
            _masterKey.Value.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "LocalKeyEncryptionKeyProvider";

    private void Forget(string providerReference)
    {
        if (_unsealed.TryRemove(providerReference, out var key))
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private byte[] Unseal(string providerReference)
    {
        ArgumentNullException.ThrowIfNull(providerReference);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_unsealed.TryGetValue(providerReference, out var cached))
        {
            return cached;
        }

        if (!TryParseReference(providerReference, out var keyringId, out var version, out var sealedKey))
        {
            throw Errors.StoreDamaged("a local key reference is malformed");
        }

        var key = GC.AllocateArray<byte>(KeySize, pinned: true);
        Span<byte> associatedData = stackalloc byte[SealAssociatedDataSize(keyringId)];
        WriteSealAssociatedData(keyringId, version, associatedData);
        using (var aes = new AesGcm(_masterKey.Value.Key, TagSize))
        {
            try
            {
                aes.Decrypt(sealedKey.AsSpan(0, NonceSize), sealedKey.AsSpan(NonceSize, KeySize), sealedKey.AsSpan(NonceSize + KeySize), key, associatedData);
            }
            catch (AuthenticationTagMismatchException)
            {
                throw Errors.SealedKeyDamaged();
            }
        }

        var winner = _unsealed.GetOrAdd(providerReference, key);
        if (!ReferenceEquals(winner, key))
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return winner;
    }

    /// <summary>
    /// Whether a reference was made for <paramref name="keyringId"/> version <paramref name="version"/>. The
    /// seal authenticates the id and version the reference names, so this check makes the keyring entry
    /// holding it authentic too: a sealed key pasted into another version's slot is refused.
    /// </summary>
    internal static bool IsReferenceFor(string reference, string keyringId, int version) =>
        TryParseReference(reference, out var id, out var number, out _) && number == version && string.Equals(id, keyringId, StringComparison.Ordinal);

    private static bool TryParseReference(string reference, out string keyringId, out int version, out byte[] sealedKey)
    {
        keyringId = string.Empty;
        version = 0;
        sealedKey = [];
        if (!reference.StartsWith(ReferencePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = reference[ReferencePrefix.Length..].Split(':');
        if (parts.Length != 3 || !KeyringIds.IsValid(parts[0]) ||
            !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out version) || version <= 0)
        {
            return false;
        }

        keyringId = parts[0];
        sealedKey = new byte[SealedSize + 2];
        if (!Convert.TryFromBase64String(parts[2], sealedKey, out var written) || written != SealedSize)
        {
            return false;
        }

        Array.Resize(ref sealedKey, SealedSize);
        return true;
    }

    private static int SealAssociatedDataSize(string keyringId) => 5 + keyringId.Length + 4;

    private static void WriteSealAssociatedData(string keyringId, int version, Span<byte> destination)
    {
        "THLK1"u8.CopyTo(destination);
        Encoding.ASCII.GetBytes(keyringId, destination[5..]);
        BinaryPrimitives.WriteInt32BigEndian(destination[(5 + keyringId.Length)..], version);
    }
}
