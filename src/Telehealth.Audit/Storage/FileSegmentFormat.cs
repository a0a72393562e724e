using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telehealth.Audit;

/// <summary>
/// The segment file layout (FORMAT.md, "Segment files"): a 16-byte header (magic <c>THAUDSG1</c>,
/// first sequence as u64 big-endian) followed by frames of u32 big-endian length, the entry bytes and
/// the entry's 32-byte leaf hash.
/// </summary>
internal static class FileSegmentFormat
{
    public const int HeaderSize = 16;
    public const int FrameOverhead = 4 + MerkleHash.Size;
    public static ReadOnlySpan<byte> Magic => "THAUDSG1"u8;

    public static string FileName(long firstSequence) => $"segment-{firstSequence:D20}.log";

    public static bool TryParseFileName(string fileName, out long firstSequence)
    {
        firstSequence = 0;
        return fileName.Length == 32 && fileName.StartsWith("segment-", StringComparison.Ordinal) && fileName.EndsWith(".log", StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(8, 20), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out firstSequence);
    }

    public static byte[] Header(long firstSequence)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(8), firstSequence);
        return header;
    }

    public static long ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderSize || !header[..8].SequenceEqual(Magic))
        {
            throw Errors.Format("a segment file does not start with the segment header.");
        }

        var first = BinaryPrimitives.ReadInt64BigEndian(header[8..]);
        return first >= 0 ? first : throw Errors.Format("a segment header has a negative first sequence.");
    }

    public static int WriteFrame(Span<byte> destination, ReadOnlySpan<byte> data, ReadOnlySpan<byte> leafHash)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, data.Length);
        data.CopyTo(destination[4..]);
        leafHash.CopyTo(destination[(4 + data.Length)..]);
        return FrameOverhead + data.Length;
    }

    /// <summary>Outcome of reading one frame from a buffer.</summary>
    public enum FrameStatus
    {
        Complete,
        Incomplete,
        BadLength,
    }

    public static FrameStatus TryReadFrame(ReadOnlySpan<byte> buffer, out int dataLength)
    {
        dataLength = 0;
        if (buffer.Length < 4)
        {
            return FrameStatus.Incomplete;
        }

        dataLength = BinaryPrimitives.ReadInt32BigEndian(buffer);
        if (dataLength <= 0 || dataLength > AuditEntryCodec.MaxEntrySize)
        {
            return FrameStatus.BadLength;
        }

        return buffer.Length < FrameOverhead + dataLength ? FrameStatus.Incomplete : FrameStatus.Complete;
    }

    public static bool HashMatches(ReadOnlySpan<byte> data, ReadOnlySpan<byte> storedHash)
    {
        Span<byte> computed = stackalloc byte[MerkleHash.Size];
        MerkleHash.Leaf(data, computed);
        return CryptographicOperations.FixedTimeEquals(computed, storedHash);
    }

    public static long SequenceOf(ReadOnlySpan<byte> data) =>
        data.Length >= 9 ? BinaryPrimitives.ReadInt64BigEndian(data[1..]) : -1;
}
