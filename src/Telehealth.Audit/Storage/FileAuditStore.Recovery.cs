using System.Text;
using Microsoft.Extensions.Logging;

namespace Telehealth.Audit;

/// <summary>Crash recovery when a store is opened.</summary>
public sealed partial class FileAuditStore
{
    /// <summary>
    /// Scans the last segment (and the one before it when the last holds no entry yet), cuts an
    /// incomplete or unverifiable final frame, and returns the entry count and the last leaf hash.
    /// Damage anywhere but the tail is refused: it is not what a crash leaves behind.
    /// </summary>
    private static (long Count, byte[] LastHash) Recover(List<(long FirstSequence, string Path)> segments, ILogger logger)
    {
        var lastHash = new byte[MerkleHash.Size];
        var count = segments[^1].FirstSequence;
        for (var s = Math.Max(0, segments.Count - 2); s < segments.Count; s++)
        {
            var (first, path) = segments[s];
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < FileSegmentFormat.HeaderSize && s == segments.Count - 1)
            {
                // A crash while creating the segment: rewrite its header.
                File.WriteAllBytes(path, FileSegmentFormat.Header(first));
                bytes = FileSegmentFormat.Header(first);
            }

            if (FileSegmentFormat.ReadHeader(bytes) != first)
            {
                throw Errors.Corrupted($"segment {Path.GetFileName(path)} has a header that does not match its name.");
            }

            var offset = FileSegmentFormat.HeaderSize;
            var sequence = first;
            while (offset < bytes.Length)
            {
                var rest = bytes.AsSpan(offset);
                var status = FileSegmentFormat.TryReadFrame(rest, out var length);
                var intact = status == FileSegmentFormat.FrameStatus.Complete
                    && FileSegmentFormat.HashMatches(rest.Slice(4, length), rest.Slice(4 + length, MerkleHash.Size))
                    && FileSegmentFormat.SequenceOf(rest.Slice(4, length)) == sequence;
                if (!intact)
                {
                    var isTail = status != FileSegmentFormat.FrameStatus.Complete || offset + FileSegmentFormat.FrameOverhead + length == bytes.Length;
                    if (!isTail || s != segments.Count - 1)
                    {
                        throw Errors.Corrupted($"entry {sequence} in {Path.GetFileName(path)} is damaged and is not a torn final write.");
                    }

                    using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None))
                    {
                        stream.SetLength(offset);
                        stream.Flush(flushToDisk: true);
                    }

                    LogTornTail(logger, bytes.Length - offset, Path.GetFileName(path), sequence);
                    break;
                }

                rest.Slice(4 + length, MerkleHash.Size).CopyTo(lastHash);
                offset += FileSegmentFormat.FrameOverhead + length;
                sequence++;
            }

            if (s == segments.Count - 1)
            {
                count = sequence;
            }
            else if (sequence != segments[s + 1].FirstSequence)
            {
                throw Errors.Corrupted($"segment {Path.GetFileName(path)} ends at entry {sequence}, but the next segment starts at {segments[s + 1].FirstSequence}.");
            }
        }

        return (count, lastHash);
    }

    /// <summary>Cuts a torn final checkpoint frame and returns the largest tree size a stored checkpoint commits to.</summary>
    private static long RecoverCheckpoints(string directory, ILogger logger)
    {
        var path = Path.Combine(directory, CheckpointFileName);
        var notes = File.Exists(path) ? ParseCheckpointFrames(File.ReadAllBytes(path), tolerateTornTail: true) : [];
        if (File.Exists(path))
        {
            var intactLength = notes.Sum(n => 4L + Encoding.UTF8.GetByteCount(n));
            var actual = new FileInfo(path).Length;
            if (actual != intactLength)
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None);
                stream.SetLength(intactLength);
                stream.Flush(flushToDisk: true);
                LogTornTail(logger, actual - intactLength, CheckpointFileName, notes.Count);
            }
        }

        var largest = 0L;
        foreach (var note in notes)
        {
            try
            {
                largest = Math.Max(largest, SignedCheckpoint.Parse(note).Checkpoint.TreeSize);
            }
            catch (AuditFormatException ex)
            {
                throw Errors.Corrupted("a stored checkpoint is malformed: " + ex.Message);
            }
        }

        return largest;
    }
}
