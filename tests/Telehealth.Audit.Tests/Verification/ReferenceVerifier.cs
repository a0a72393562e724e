using System.Buffers.Binary;

namespace Telehealth.Audit.Tests.Verification;

/// <summary>
/// Full verification of a single-segment file store done the plain way, one frame and one entry at
/// a time, with a complete <see cref="MerkleTree"/> and full decoding: the verifier's results as
/// they were before it read in chunks, hashed in parallel and kept only the tree's frontier. The
/// batched verifier must report exactly what this reports.
/// </summary>
internal static class ReferenceVerifier
{
    public static async Task<AuditVerificationResult> VerifyAsync(string directory, IReadOnlyList<CheckpointVerifierKey> keys)
    {
        List<string> notes;
        try
        {
            notes = await Task.Run(() => CheckpointFiles.ReadAll(directory));
        }
        catch (AuditFormatException ex)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, 0, ex.Message, 0);
        }

        // The checkpoint step is shared; this reference differs from the verifier in how it reads, hashes and builds the tree.
        if (AuditVerifier.VerifyCheckpoints(notes, keys, out var checkpoints) is { } failure)
        {
            return failure;
        }

        var segment = Path.Combine(directory, FileSegmentFormat.FileName(0));
        using var frames = Frames(await File.ReadAllBytesAsync(segment), Path.GetFileName(segment)).GetEnumerator();
        AuditFormatException? readFailure = null;
        bool Next()
        {
            try
            {
                return frames.MoveNext();
            }
            catch (AuditFormatException ex)
            {
                readFailure = ex;
                return false;
            }
        }

        var tree = new MerkleTree();
        var previousHash = new byte[32];
        var expected = 0L;
        while (Next())
        {
            var (data, storedHash) = frames.Current;
            var leaf = MerkleHash.Leaf(data);
            if (!leaf.AsSpan().SequenceEqual(storedHash))
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, expected, "An entry's bytes do not match the hash stored with it.", expected);
            }

            var sequence = FileSegmentFormat.SequenceOf(data);
            if (sequence > expected)
            {
                long? at = null;
                for (var position = expected + 1; at is null && Next(); position++)
                {
                    at = FileSegmentFormat.SequenceOf(frames.Current.Data) == expected ? position : null;
                }

                return at is not null
                    ? AuditVerificationResult.Failed(AuditVerificationFailure.Reordered, expected, $"Entry {sequence} stands at position {expected}, where entry {expected} belongs; entry {expected} stands at position {at}.", expected)
                    : AuditVerificationResult.Failed(AuditVerificationFailure.Missing, expected, $"Entries from {expected} to {sequence - 1} are missing.", expected);
            }

            if (sequence < expected)
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Inserted, expected, $"The entry at position {expected} claims sequence {sequence}, which stands earlier: it was inserted.", expected);
            }

            if (!data.AsSpan(9, 32).SequenceEqual(previousHash))
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, Math.Max(0, expected - 1), "The hash chain is broken: an entry's predecessor was changed.", expected);
            }

            try
            {
                _ = AuditEntry.Decode(data);
            }
            catch (AuditFormatException ex)
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Malformed, expected, ex.Message, expected);
            }

            tree.Append(leaf);
            previousHash = leaf;
            expected++;
        }

        if (readFailure is not null)
        {
            return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, readFailure.Position ?? expected, readFailure.Message, expected);
        }

        foreach (var checkpoint in checkpoints)
        {
            if (checkpoint.TreeSize > expected)
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.TruncatedAfterCheckpoint, expected, $"A signed checkpoint covers {checkpoint.TreeSize} entries but the log ends at {expected}.", expected);
            }

            if (!tree.Root(checkpoint.TreeSize).AsSpan().SequenceEqual(checkpoint.RootHash.Span))
            {
                return AuditVerificationResult.Failed(AuditVerificationFailure.Modified, checkpoint.TreeSize, "The entries do not hash to a signed checkpoint's root: history before it was rewritten.", expected);
            }
        }

        return AuditVerificationResult.Valid(expected, checkpoints);
    }

    /// <summary>The frames of segment 0, failing where the damage is, as the segment reader fails.</summary>
    private static IEnumerable<(byte[] Data, byte[] StoredHash)> Frames(byte[] file, string name)
    {
        if (file.Length < FileSegmentFormat.HeaderSize)
        {
            throw new AuditFormatException("TH1010", $"segment {name} is shorter than its header.");
        }

        if (FileSegmentFormat.ReadHeader(file) != 0)
        {
            throw new AuditFormatException("TH1010", $"segment {name} header does not match its file name.");
        }

        var offset = FileSegmentFormat.HeaderSize;
        for (var position = 0L; offset < file.Length; position++)
        {
            var length = file.Length - offset < 4 ? -1 : BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(offset));
            if (length <= 0 || length > AuditEntryCodec.MaxEntrySize)
            {
                throw new AuditFormatException("TH1011", $"Malformed segment: the frame of entry {position} has an invalid length.") { Position = position };
            }

            if (file.Length - offset - 4 < length + 32)
            {
                throw new AuditFormatException("TH1011", $"Malformed segment: the frame of entry {position} is truncated.") { Position = position };
            }

            yield return (file[(offset + 4)..(offset + 4 + length)], file[(offset + 4 + length)..(offset + 4 + length + 32)]);
            offset += 4 + length + 32;
        }
    }
}
