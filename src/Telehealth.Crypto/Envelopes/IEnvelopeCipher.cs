using System.IO.Pipelines;

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

    /// <summary>
    /// Starts a streaming encryption for a recording or a large file: writes the envelope header to
    /// <paramref name="destination"/> and returns a stream that encrypts what is written to it in
    /// segments (constant memory). Only <see cref="SegmentedEncryptionStream.CompleteAsync"/> writes the
    /// final segment: disposing without it leaves output that fails to decrypt as truncated (TH2052), so
    /// discard the output if the write fails midway.
    /// </summary>
    /// <param name="destination">Where the envelope is written.</param>
    /// <param name="context">The context the stream is bound to.</param>
    /// <param name="options">Segment size; defaults when <see langword="null"/>.</param>
    /// <param name="leaveOpen">Whether disposing the returned stream leaves <paramref name="destination"/> open.</param>
    /// <param name="cancellationToken">Cancels writing the header.</param>
    /// <returns>The encrypting stream.</returns>
    ValueTask<SegmentedEncryptionStream> CreateEncryptionStreamAsync(Stream destination, EncryptionContext context, StreamEncryptionOptions? options = null, bool leaveOpen = false, CancellationToken cancellationToken = default);

    /// <summary>Encrypts a whole stream, encrypting segments on several cores (<see cref="StreamEncryptionOptions.MaxDegreeOfParallelism"/>).</summary>
    /// <param name="source">The plaintext.</param>
    /// <param name="destination">Receives the envelope.</param>
    /// <param name="context">The context the stream is bound to.</param>
    /// <param name="options">Segment size and parallelism; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the final segment is written.</returns>
    Task EncryptStreamAsync(Stream source, Stream destination, EncryptionContext context, StreamEncryptionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Encrypts from a pipe to a pipe (for example an upload body to storage).</summary>
    /// <param name="source">The plaintext pipe.</param>
    /// <param name="destination">Receives the envelope.</param>
    /// <param name="context">The context the stream is bound to.</param>
    /// <param name="options">Segment size; defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the final segment is written.</returns>
    Task EncryptStreamAsync(PipeReader source, PipeWriter destination, EncryptionContext context, StreamEncryptionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a streamed envelope for reading. Over a seekable source the returned stream is seekable and
    /// a read decrypts only the segments it touches. Truncation, reordering, duplication and appended
    /// data are detected (TH2050–TH2056).
    /// </summary>
    /// <param name="source">The envelope, positioned at its first byte.</param>
    /// <param name="context">The context the stream was encrypted with.</param>
    /// <param name="leaveOpen">Whether disposing the returned stream leaves <paramref name="source"/> open.</param>
    /// <param name="cancellationToken">Cancels reading the header.</param>
    /// <returns>The decrypting stream.</returns>
    ValueTask<SegmentedDecryptionStream> OpenDecryptionStreamAsync(Stream source, EncryptionContext context, bool leaveOpen = false, CancellationToken cancellationToken = default);

    /// <summary>Decrypts a streamed envelope from a pipe to a pipe.</summary>
    /// <param name="source">The envelope pipe.</param>
    /// <param name="destination">Receives the plaintext (only authenticated segments).</param>
    /// <param name="context">The context the stream was encrypted with.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the final segment has been verified.</returns>
    Task DecryptStreamAsync(PipeReader source, PipeWriter destination, EncryptionContext context, CancellationToken cancellationToken = default);
}
