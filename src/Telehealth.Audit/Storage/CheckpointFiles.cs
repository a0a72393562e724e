using System.Buffers.Binary;
using System.Text;

namespace Telehealth.Audit;

/// <summary>
/// The file store's two copies of signed state (FORMAT.md, "File store layout"): <c>checkpoints.log</c>,
/// every signed checkpoint in frames of a 4-byte length and the note's UTF-8 bytes, and
/// <c>checkpoint</c>, the newest one alone (the tlog-tiles checkpoint). Everything here works on the
/// bytes as stored; text is decoded strictly and never re-encoded to measure anything.
/// </summary>
internal static class CheckpointFiles
{
    public const string LogFileName = "checkpoints.log";
    public const string LatestFileName = "checkpoint";
    public const int MaxNoteBytes = 64 * 1024;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads every note of <c>checkpoints.log</c>; any damage, a torn final frame included, is reported.</summary>
    public static List<string> ReadAll(string directory)
    {
        var notes = new List<string>();
        var scan = Scan(directory, notes.Add);
        if (scan.Damage is { } damage)
        {
            throw Errors.Format(damage);
        }

        return scan.TornBytes > 0 ? throw Errors.Format("the checkpoint file ends inside a checkpoint.") : notes;
    }

    /// <summary>
    /// Reads <c>checkpoints.log</c> frame by frame without modifying it. A final frame whose bytes end
    /// before the frame does is a torn write (<see cref="CheckpointLogScan.TornBytes"/>); anything else
    /// that is not a complete, well-formed checkpoint is damage, and the scan stops there.
    /// </summary>
    public static CheckpointLogScan Scan(string directory, Action<string>? onNote = null)
    {
        var path = Path.Combine(directory, LogFileName);
        if (!File.Exists(path))
        {
            return new CheckpointLogScan(false, 0, 0, 0, null, 0, null);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var length = stream.Length;
        var header = new byte[4];
        var body = new byte[MaxNoteBytes];
        long offset = 0;
        var frames = 0;
        string? last = null;
        long largest = 0;
        while (offset < length)
        {
            if (length - offset < 4)
            {
                return new CheckpointLogScan(true, offset, length - offset, frames, last, largest, null);
            }

            stream.ReadExactly(header);
            var size = BinaryPrimitives.ReadInt32BigEndian(header);
            if (size <= 0 || size > MaxNoteBytes)
            {
                return Damaged($"checkpoint {frames} (at byte {offset}) has an invalid length.");
            }

            if (length - offset - 4 < size)
            {
                return new CheckpointLogScan(true, offset, length - offset, frames, last, largest, null);
            }

            stream.ReadExactly(body.AsSpan(0, size));
            string note;
            SignedCheckpoint parsed;
            try
            {
                note = Strict.GetString(body, 0, size);
                parsed = SignedCheckpoint.Parse(note);
            }
            catch (Exception ex) when (ex is DecoderFallbackException or AuditFormatException)
            {
                return Damaged($"checkpoint {frames} (at byte {offset}) is not a well-formed signed checkpoint.");
            }

            if (parsed.Checkpoint.TreeSize < largest)
            {
                return Damaged($"checkpoint {frames} (at byte {offset}) covers fewer entries than the one before it.");
            }

            onNote?.Invoke(note);
            largest = parsed.Checkpoint.TreeSize;
            last = note;
            frames++;
            offset += 4 + size;
        }

        return new CheckpointLogScan(true, offset, 0, frames, last, largest, null);

        CheckpointLogScan Damaged(string what) => new(true, offset, 0, frames, last, largest, what);
    }

    /// <summary>
    /// The scan of <c>checkpoints.log</c> that opening needs, in time independent of how many checkpoints
    /// it holds: when the file ends with exactly the frame of <paramref name="latestNote"/> (the
    /// <c>checkpoint</c> file's note, which is written after it), that is its newest checkpoint and it
    /// has no torn tail, so only those bytes are read. Otherwise (a crash between the two writes, a torn
    /// or damaged tail, a missing file) the whole file is scanned as <see cref="Scan"/> does. Damage to
    /// older frames is then left to the verifier, like damage to older segments.
    /// </summary>
    public static CheckpointLogScan ScanForOpen(string directory, string? latestNote)
    {
        var path = Path.Combine(directory, LogFileName);
        if (latestNote is not null && File.Exists(path))
        {
            var note = Strict.GetBytes(latestNote);
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            var length = stream.Length;
            if (length >= 4 + note.Length)
            {
                var tail = new byte[4 + note.Length];
                stream.Seek(length - tail.Length, SeekOrigin.Begin);
                stream.ReadExactly(tail);
                if (BinaryPrimitives.ReadInt32BigEndian(tail) == note.Length && tail.AsSpan(4).SequenceEqual(note))
                {
                    return new CheckpointLogScan(true, length, 0, -1, latestNote, SignedCheckpoint.Parse(latestNote).Checkpoint.TreeSize, null);
                }
            }
        }

        return Scan(directory);
    }

    /// <summary>Reads the <c>checkpoint</c> file, or <see langword="null"/> when there is none.</summary>
    public static string? ReadLatest(string directory)
    {
        var path = Path.Combine(directory, LatestFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        if (stream.Length is 0 or > MaxNoteBytes)
        {
            throw Errors.Format("the checkpoint file has an invalid length.");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        try
        {
            var note = Strict.GetString(bytes);
            _ = SignedCheckpoint.Parse(note);
            return note;
        }
        catch (Exception ex) when (ex is DecoderFallbackException or AuditFormatException)
        {
            throw Errors.Format("the checkpoint file does not hold a well-formed signed checkpoint.");
        }
    }

    /// <summary>Appends one note to <c>checkpoints.log</c> and makes it durable.</summary>
    public static void Append(string directory, string note)
    {
        var bytes = Strict.GetBytes(note);
        var frame = new byte[4 + bytes.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, bytes.Length);
        bytes.CopyTo(frame, 4);
        var path = Path.Combine(directory, LogFileName);
        var created = !File.Exists(path);
        using (var stream = OwnerOnlyFiles.Open(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1))
        {
            stream.Write(frame);
            stream.Flush(flushToDisk: true);
        }

        if (created)
        {
            DirectorySync.Flush(directory);
        }
    }

    /// <summary>Replaces the <c>checkpoint</c> file atomically and durably.</summary>
    public static void WriteLatest(string directory, string note) =>
        OwnerOnlyFiles.ReplaceDurably(Path.Combine(directory, LatestFileName), Strict.GetBytes(note));

    /// <summary>Cuts a torn final frame off <c>checkpoints.log</c>, durably.</summary>
    public static void CutTornTail(string directory, long intactLength)
    {
        using var stream = new FileStream(Path.Combine(directory, LogFileName), FileMode.Open, FileAccess.Write, FileShare.None);
        stream.SetLength(intactLength);
        stream.Flush(flushToDisk: true);
    }
}

/// <summary>What a read-only scan of <c>checkpoints.log</c> found.</summary>
/// <param name="Exists">Whether the file exists.</param>
/// <param name="IntactLength">The length of the complete, well-formed frames before any torn tail or damage.</param>
/// <param name="TornBytes">The bytes of an incomplete final frame (a torn write), or 0.</param>
/// <param name="Count">How many complete checkpoints were read; -1 when only the newest was (<see cref="CheckpointFiles.ScanForOpen"/>).</param>
/// <param name="LastNote">The last complete checkpoint's note.</param>
/// <param name="LargestSize">The largest tree size a complete checkpoint commits to.</param>
/// <param name="Damage">What is damaged, or <see langword="null"/>.</param>
internal sealed record CheckpointLogScan(bool Exists, long IntactLength, long TornBytes, int Count, string? LastNote, long LargestSize, string? Damage);
