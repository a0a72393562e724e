namespace Telehealth.Crypto;

/// <summary>
/// Holds key-encryption keys and wraps and unwraps data keys with them, so raw KEKs never reach the
/// application: the local keystore, a PKCS#11 HSM (<c>Telehealth.Crypto.Pkcs11</c>), or a cloud KMS
/// adapter. Implementations that can complete synchronously (local, HSM) return completed tasks, which
/// lets the span-based <see cref="IEnvelopeCipher"/> methods use them; remote ones are used through the
/// async methods. Failures throw <see cref="CryptoException"/> without key material in the message.
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    /// <summary>Gets the provider name recorded with every key version, such as <c>local</c> or <c>pkcs11</c>.</summary>
    string Name { get; }

    /// <summary>Creates a new key-encryption key for a keyring version.</summary>
    /// <param name="keyringId">The keyring the key belongs to.</param>
    /// <param name="version">The version number the key will have.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The provider reference to persist in the keyring store (never the raw key).</returns>
    ValueTask<string> CreateKeyAsync(string keyringId, int version, CancellationToken cancellationToken = default);

    /// <summary>Wraps (encrypts) a data key.</summary>
    /// <param name="providerReference">The reference returned by <see cref="CreateKeyAsync"/>.</param>
    /// <param name="dataKey">The 32-byte data key.</param>
    /// <param name="associatedData">Data the wrap authenticates (keyring id and version), or empty.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The wrapped key, at most 1024 bytes.</returns>
    ValueTask<byte[]> WrapAsync(string providerReference, ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken = default);

    /// <summary>Unwraps a data key into <paramref name="dataKey"/>.</summary>
    /// <param name="providerReference">The reference returned by <see cref="CreateKeyAsync"/>.</param>
    /// <param name="wrappedKey">The wrapped key.</param>
    /// <param name="associatedData">The data passed when wrapping.</param>
    /// <param name="dataKey">Receives the 32-byte data key.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the key is written.</returns>
    /// <exception cref="CryptoException">TH2037 when the wrapped key does not open under this key.</exception>
    ValueTask UnwrapAsync(string providerReference, ReadOnlyMemory<byte> wrappedKey, ReadOnlyMemory<byte> associatedData, Memory<byte> dataKey, CancellationToken cancellationToken = default);

    /// <summary>Destroys a key for good (crypto-shredding of everything wrapped under it).</summary>
    /// <param name="providerReference">The reference returned by <see cref="CreateKeyAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the key is gone.</returns>
    ValueTask DestroyKeyAsync(string providerReference, CancellationToken cancellationToken = default);
}
