using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// Constants, header encoding and key derivation of the segmented stream format (FORMAT.md, Streaming).
/// </summary>
internal static class StreamFormat
{
    internal const byte Version1 = 0x01;
    internal const int HeaderSize = 1 + 4 + SaltSize + NoncePrefixSize;
    internal const int SaltSize = 32;
    internal const int NoncePrefixSize = 7;
    internal const int NonceSize = 12;
    internal const int TagSize = 16;
    internal const int KeySize = 32;

    /// <summary>Smallest segment size a reader accepts; writers in this library use at least 4 KiB.</summary>
    internal const int MinSegmentSize = 16;

    /// <summary>Largest segment size a reader accepts, which bounds the memory a hostile header can demand.</summary>
    internal const int MaxSegmentSize = 16 * 1024 * 1024;

    internal const long MaxSegments = 1L << 32;

    private const int SegmentSizeOffset = 1;
    private const int SaltOffset = SegmentSizeOffset + 4;
    private const int NoncePrefixOffset = SaltOffset + SaltSize;

    /// <summary>The fixed HKDF info label; the caller's associated data follows it.</summary>
    internal static ReadOnlySpan<byte> InfoLabel => "Telehealth.Crypto stream v1 AES-256-GCM HKDF-SHA256"u8;

    internal static void WriteHeader(Span<byte> destination, int segmentSize, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> noncePrefix)
    {
        destination[0] = Version1;
        BinaryPrimitives.WriteUInt32BigEndian(destination[SegmentSizeOffset..], (uint)segmentSize);
        salt.CopyTo(destination.Slice(SaltOffset, SaltSize));
        noncePrefix.CopyTo(destination.Slice(NoncePrefixOffset, NoncePrefixSize));
    }

    /// <summary>
    /// Validates a header read from untrusted input and returns its segment size. A source that ends
    /// before the header does is truncated (TH2052), like one that ends before its final segment: an
    /// abandoned writer leaves exactly that.
    /// </summary>
    /// <param name="header">The bytes read; shorter than <see cref="HeaderSize"/> when the source ended early.</param>
    internal static int ParseHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length > 0 && header[0] != Version1)
        {
            throw Errors.UnsupportedStreamVersion(header[0]);
        }

        if (header.Length < HeaderSize)
        {
            throw Errors.TruncatedStream();
        }

        var segmentSize = BinaryPrimitives.ReadUInt32BigEndian(header[SegmentSizeOffset..]);
        if (segmentSize is < MinSegmentSize or > MaxSegmentSize)
        {
            throw Errors.MalformedStreamHeader($"segment size {segmentSize} is outside {MinSegmentSize}..{MaxSegmentSize}");
        }

        return (int)segmentSize;
    }

    internal static ReadOnlySpan<byte> Salt(ReadOnlySpan<byte> header) => header.Slice(SaltOffset, SaltSize);

    internal static ReadOnlySpan<byte> NoncePrefix(ReadOnlySpan<byte> header) => header.Slice(NoncePrefixOffset, NoncePrefixSize);

    /// <summary>Derives the per-stream key: HKDF-SHA256(IKM = data key, salt, info = label || associated data).</summary>
    internal static void DeriveKey(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> associatedData, Span<byte> key)
    {
        var infoLength = InfoLabel.Length + associatedData.Length;
        var info = infoLength <= 512 ? stackalloc byte[infoLength] : new byte[infoLength];
        try
        {
            InfoLabel.CopyTo(info);
            associatedData.CopyTo(info[InfoLabel.Length..]);
            HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, key, salt, info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(info);
        }
    }

    internal static void ValidateDataKey(ReadOnlySpan<byte> dataKey, string paramName)
    {
        if (dataKey.Length != KeySize)
        {
            throw new ArgumentException($"The data key must be {KeySize} bytes.", paramName);
        }
    }

    /// <summary>Ciphertext offset of a segment, counted from the start of the stream header.</summary>
    internal static long SegmentOffset(long segment, int segmentSize) => HeaderSize + (segment * (segmentSize + (long)TagSize));
}
