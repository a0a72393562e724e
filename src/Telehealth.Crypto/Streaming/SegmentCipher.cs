using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// AES-256-GCM over the segments of one stream: one instance per stream or per worker, reused for
/// every segment, so the hot loop neither allocates nor re-expands the key.
/// </summary>
internal sealed class SegmentCipher : IDisposable
{
    private readonly AesGcm _aes;
    private readonly byte[] _header;

    /// <param name="key">The derived per-stream key; the caller wipes its copy.</param>
    /// <param name="header">The stream header, authenticated with every segment and the source of the nonce prefix.</param>
    internal SegmentCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header)
    {
        _aes = new AesGcm(key, StreamFormat.TagSize);
        _header = header[..StreamFormat.HeaderSize].ToArray();
    }

    /// <summary>Encrypts one segment; <paramref name="destination"/> receives ciphertext then tag and may be the plaintext buffer itself.</summary>
    internal void Encrypt(long segment, bool last, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        Span<byte> nonce = stackalloc byte[StreamFormat.NonceSize];
        BuildNonce(segment, last, nonce);
        _aes.Encrypt(nonce, plaintext, destination[..plaintext.Length], destination.Slice(plaintext.Length, StreamFormat.TagSize), _header);
    }

    /// <summary>
    /// Decrypts and verifies one segment (ciphertext then tag). On failure the error says whether the
    /// segment would have verified with the other last-segment flag: that is a truncation or appended
    /// data rather than a forgery, and the distinction reveals nothing an attacker did not choose.
    /// No plaintext is left in <paramref name="plaintext"/> on failure. The buffers must not overlap:
    /// a failed attempt clears its output, which would destroy the ciphertext for the second attempt.
    /// </summary>
    internal void Decrypt(long segment, bool last, ReadOnlySpan<byte> segmentBytes, Span<byte> plaintext)
    {
        if (segmentBytes.Length < StreamFormat.TagSize)
        {
            throw Errors.TruncatedStream();
        }

        var length = segmentBytes.Length - StreamFormat.TagSize;
        var output = plaintext[..length];
        if (TryDecrypt(segment, last, segmentBytes, output))
        {
            return;
        }

        var otherFlagVerifies = TryDecrypt(segment, !last, segmentBytes, output);
        CryptographicOperations.ZeroMemory(output);
        if (otherFlagVerifies)
        {
            throw last ? Errors.TruncatedStream() : Errors.DataAfterFinalSegment();
        }

        throw Errors.SegmentAuthenticationFailed(segment);
    }

    /// <summary>
    /// Turns a segment this stream sealed as not-last into the final segment, in place: it is opened
    /// with the not-last nonce and sealed again with the final one. Used when a stream ends exactly at
    /// a segment boundary, after its last full segment was already sealed.
    /// </summary>
    internal void ResealAsFinal(long segment, Span<byte> segmentBytes)
    {
        var length = segmentBytes.Length - StreamFormat.TagSize;
        Span<byte> nonce = stackalloc byte[StreamFormat.NonceSize];
        BuildNonce(segment, last: false, nonce);
        _aes.Decrypt(nonce, segmentBytes[..length], segmentBytes.Slice(length, StreamFormat.TagSize), segmentBytes[..length], _header);
        Encrypt(segment, last: true, segmentBytes[..length], segmentBytes);
    }

    public void Dispose() => _aes.Dispose();

    private bool TryDecrypt(long segment, bool last, ReadOnlySpan<byte> segmentBytes, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[StreamFormat.NonceSize];
        BuildNonce(segment, last, nonce);
        var length = segmentBytes.Length - StreamFormat.TagSize;
        try
        {
            _aes.Decrypt(nonce, segmentBytes[..length], segmentBytes.Slice(length, StreamFormat.TagSize), plaintext, _header);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private void BuildNonce(long segment, bool last, Span<byte> nonce)
    {
        if ((ulong)segment >= StreamFormat.MaxSegments)
        {
            throw Errors.StreamTooLong();
        }

        StreamFormat.NoncePrefix(_header).CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[StreamFormat.NoncePrefixSize..], (uint)segment);
        nonce[StreamFormat.NonceSize - 1] = last ? (byte)1 : (byte)0;
    }
}
