using System.Runtime.CompilerServices;

namespace Telehealth.Audit;

/// <summary>
/// Reads frames from segment files in sequence order without taking the store's lock and without
/// repairing anything, so the verifier can read a damaged or copied log exactly as it is.
/// </summary>
internal static class FileSegmentReader
{
    public static IReadOnlyList<(long FirstSequence, string Path)> ListSegments(string directory)
    {
        var segments = new List<(long, string)>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, "segment-*.log"))
        {
            if (FileSegmentFormat.TryParseFileName(Path.GetFileName(path), out var first))
            {
                segments.Add((first, path));
            }
        }

        segments.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return segments;
    }

    /// <summary>Reads frames from <paramref name="fromSequence"/> up to, not including, sequence <paramref name="limit"/>.</summary>
    public static async IAsyncEnumerable<AuditStoredEntry> ReadAsync(
        IReadOnlyList<(long FirstSequence, string Path)> segments,
        long fromSequence,
        long limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = 0L;
        for (var s = 0; s < segments.Count && position < limit; s++)
        {
            var (first, path) = segments[s];
            if (s + 1 < segments.Count && segments[s + 1].FirstSequence <= fromSequence)
            {
                position = segments[s + 1].FirstSequence;
                continue;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
            var header = new byte[FileSegmentFormat.HeaderSize];
            if (await ReadFullyAsync(stream, header, cancellationToken).ConfigureAwait(false) < header.Length)
            {
                throw Errors.Format($"segment {Path.GetFileName(path)} is shorter than its header.");
            }

            if (FileSegmentFormat.ReadHeader(header) != first)
            {
                throw Errors.Format($"segment {Path.GetFileName(path)} header does not match its file name.");
            }

            position = first;
            var lengthBytes = new byte[4];
            while (position < limit)
            {
                var read = await ReadFullyAsync(stream, lengthBytes, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (FileSegmentFormat.TryReadFrame(lengthBytes.AsSpan(0, read), out var length) == FileSegmentFormat.FrameStatus.BadLength || read < 4)
                {
                    throw new AuditFormatException("TH1011", $"Malformed segment: the frame of entry {position} has an invalid length.") { Position = position };
                }

                var frame = new byte[length + MerkleHash.Size];
                if (await ReadFullyAsync(stream, frame, cancellationToken).ConfigureAwait(false) < frame.Length)
                {
                    throw new AuditFormatException("TH1011", $"Malformed segment: the frame of entry {position} is truncated.") { Position = position };
                }

                if (position >= fromSequence)
                {
                    yield return new AuditStoredEntry(position, frame.AsMemory(0, length), frame.AsMemory(length));
                }

                position++;
            }
        }
    }

    private static async ValueTask<int> ReadFullyAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
