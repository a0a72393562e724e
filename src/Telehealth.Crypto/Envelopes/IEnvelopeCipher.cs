namespace Telehealth.Crypto;

/// <summary>
/// Envelope encryption: every message gets a fresh data key (or a cached one within hard limits),
/// wrapped by the keyring's primary key-encryption key, with a per-message key derived by HKDF, a key
/// commitment, and the <see cref="EncryptionContext"/> bound as associated data. The format is versioned
/// and specified in FORMAT.md.
/// </summary>
public interface IEnvelopeCipher
{
    /// <summary>Gets the largest envelope a plaintext of <paramref name="plaintextLength"/> bytes can produce.</summary>
    /// <param name="plaintextLength">The plaintext length.</param>
    /// <returns>An upper bound for the envelope length.</returns>
    int GetMaxEnvelopeLength(int plaintextLength);

    /// <summary>Encrypts a plaintext.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="context">The context the envelope is bound to.</param>
    /// <returns>The envelope.</returns>
    byte[] Encrypt(ReadOnlySpan<byte> plaintext, EncryptionContext context);

    /// <summary>Encrypts a plaintext into <paramref name="destination"/> without allocating.</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="destination">Receives the envelope; <see cref="GetMaxEnvelopeLength"/> bytes are always enough.</param>
    /// <param name="context">The context the envelope is bound to.</param>
    /// <returns>The number of bytes written.</returns>
    int Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> destination, EncryptionContext context);

    /// <summary>Decrypts an envelope.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <param name="context">The context it was encrypted with.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="CryptoException">When the envelope cannot be decrypted; <see cref="CryptoException.Code"/> says why.</exception>
    byte[] Decrypt(ReadOnlySpan<byte> envelope, EncryptionContext context);

    /// <summary>Decrypts an envelope into <paramref name="destination"/> without allocating.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <param name="destination">Receives the plaintext; <see cref="EnvelopeInfo.PlaintextLength"/> bytes.</param>
    /// <param name="context">The context it was encrypted with.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="CryptoException">When the envelope cannot be decrypted; nothing is left in <paramref name="destination"/>.</exception>
    int Decrypt(ReadOnlySpan<byte> envelope, Span<byte> destination, EncryptionContext context);

    /// <summary>Encrypts a plaintext, awaiting the key provider (for remote KMS providers).</summary>
    /// <param name="plaintext">The plaintext.</param>
    /// <param name="context">The context the envelope is bound to.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The envelope.</returns>
    ValueTask<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, EncryptionContext context, CancellationToken cancellationToken = default);

    /// <summary>Decrypts an envelope, awaiting the key provider (for remote KMS providers).</summary>
    /// <param name="envelope">The envelope.</param>
    /// <param name="context">The context it was encrypted with.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The plaintext.</returns>
    ValueTask<byte[]> DecryptAsync(ReadOnlyMemory<byte> envelope, EncryptionContext context, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-wraps an envelope's data key under the current primary key-encryption key. Only the header
    /// changes; pass the whole envelope or just its first <see cref="EnvelopeInfo.HeaderLength"/> bytes —
    /// the cost does not depend on the record size.
    /// </summary>
    /// <param name="envelope">The envelope, or at least its header.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new header and the length of the header it replaces.</returns>
    ValueTask<EnvelopeRewrap> RewrapAsync(ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken = default);
}
