using System.Buffers;
using System.Runtime.CompilerServices;

namespace Telehealth.Audit;

/// <summary>
/// Reads frames from segment files in sequence order without taking the store's lock and without
/// repairing anything, so the verifier can read a damaged or copied log exactly as it is.
/// </summary>
internal static class FileSegmentReader
{
    /// <summary>
    /// Bytes read from a segment at a time. It must hold the largest frame; larger reads mean fewer
    /// calls and longer runs of frames per batch.
    /// </summary>
    public const int ReadBufferSize = 4 << 20;

    private const int EntryBatchSize = 1024;

    /// <summary>One frame's entry bytes and stored leaf hash, sliced out of a read buffer.</summary>
    /// <param name="Data">The entry bytes.</param>
    /// <param name="StoredLeafHash">The leaf hash stored after them.</param>
    public readonly record struct Frame(ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte> StoredLeafHash);

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

    /// <summary>
    /// Reads frames from <paramref name="fromSequence"/> up to, not including, sequence
    /// <paramref name="limit"/>; each entry gets its own copy of its bytes.
    /// </summary>
    public static async IAsyncEnumerable<AuditStoredEntry> ReadAsync(
        IReadOnlyList<(long FirstSequence, string Path)> segments,
        long fromSequence,
        long limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var frames = new Frame[EntryBatchSize];
        await foreach (var (first, count) in ReadBatchesAsync(segments, fromSequence, limit, frames, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < count; i++)
            {
                // The read buffer is reused for the next batch, and a caller may keep an entry.
                var (data, hash) = frames[i];
                var copy = new byte[data.Length + hash.Length];
                data.CopyTo(copy);
                hash.CopyTo(copy.AsMemory(data.Length));
                yield return new AuditStoredEntry(first + i, copy.AsMemory(0, data.Length), copy.AsMemory(data.Length));
            }
        }
    }

    /// <summary>
    /// Reads the same frames as <see cref="ReadAsync"/> into <paramref name="frames"/>, up to its
    /// length at a time, and yields the position of the first and how many there are. The frames
    /// share one read buffer, valid only until the next batch is requested. A batch never spans two
    /// segments. A damaged frame fails the request after the batch of the intact frames before it.
    /// </summary>
    public static async IAsyncEnumerable<(long FirstPosition, int Count)> ReadBatchesAsync(
        IReadOnlyList<(long FirstSequence, string Path)> segments,
        long fromSequence,
        long limit,
        Frame[] frames,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        var used = 0;
        try
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

                // No FileStream buffer: reads go straight into ours.
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
                var (end, atEnd) = await FillAsync(stream, buffer, 0, cancellationToken).ConfigureAwait(false);
                used = Math.Max(used, end);
                if (end < FileSegmentFormat.HeaderSize)
                {
                    throw Errors.Format($"segment {Path.GetFileName(path)} is shorter than its header.");
                }

                if (FileSegmentFormat.ReadHeader(buffer.AsSpan(0, FileSegmentFormat.HeaderSize)) != first)
                {
                    throw Errors.Format($"segment {Path.GetFileName(path)} header does not match its file name.");
                }

                var start = FileSegmentFormat.HeaderSize;
                position = first;
                var segmentDone = false;
                while (!segmentDone && position < limit)
                {
                    var count = 0;
                    var batchFirst = position;
                    while (count < frames.Length && position < limit)
                    {
                        var available = end - start;
                        var status = FileSegmentFormat.TryReadFrame(buffer.AsSpan(start, available), out var length);
                        if (status == FileSegmentFormat.FrameStatus.Incomplete && !atEnd)
                        {
                            if (count > 0)
                            {
                                // Hand out this batch before the buffer is compacted under it.
                                break;
                            }

                            Buffer.BlockCopy(buffer, start, buffer, 0, available);
                            (start, end) = (0, available);
                            (end, atEnd) = await FillAsync(stream, buffer, end, cancellationToken).ConfigureAwait(false);
                            used = Math.Max(used, end);
                            continue;
                        }

                        if (available == 0)
                        {
                            segmentDone = true;
                            break;
                        }

                        if (status != FileSegmentFormat.FrameStatus.Complete)
                        {
                            if (count > 0)
                            {
                                // The intact frames before the damage are delivered first; the
                                // next request meets the damage again and fails.
                                break;
                            }

                            throw status == FileSegmentFormat.FrameStatus.BadLength || available < 4
                                ? Errors.Segment(position, "has an invalid length.")
                                : Errors.Segment(position, "is truncated.");
                        }

                        if (position >= fromSequence)
                        {
                            batchFirst = count == 0 ? position : batchFirst;
                            frames[count++] = new Frame(buffer.AsMemory(start + 4, length), buffer.AsMemory(start + 4 + length, MerkleHash.Size));
                        }

                        start += FileSegmentFormat.FrameOverhead + length;
                        position++;
                    }

                    if (count > 0)
                    {
                        yield return (batchFirst, count);
                    }
                }
            }
        }
        finally
        {
            // Log contents stay out of the shared pool.
            buffer.AsSpan(0, used).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads until the buffer is full or the file ends, after the first <paramref name="end"/> bytes.</summary>
    private static async ValueTask<(int End, bool AtEnd)> FillAsync(Stream stream, byte[] buffer, int end, CancellationToken cancellationToken)
    {
        while (end < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (end, true);
            }

            end += read;
        }

        return (end, false);
    }
}
