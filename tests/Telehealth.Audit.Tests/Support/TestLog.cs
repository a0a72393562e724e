namespace Telehealth.Audit.Tests;

/// <summary>Builds small file-store logs with signed checkpoints for storage and tamper tests.</summary>
internal static class TestLog
{
    public const string Origin = "test.example/audit";

    public static async Task<List<AuditAppendResult>> WriteAsync(string directory, int count, CheckpointSigningKey? key = null, int firstRecord = 0)
    {
        var results = new List<AuditAppendResult>();
        await using var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = directory });
        for (var i = 0; i < count; i++)
        {
            results.Add(await store.AppendAsync(TestRecords.Read(firstRecord + i)));
        }

        if (key is not null)
        {
            await CheckpointAsync(store, key);
        }

        return results;
    }

    public static async Task<SignedCheckpoint> CheckpointAsync(IAuditStore store, CheckpointSigningKey key)
    {
        var leaves = new List<byte[]>();
        await foreach (var entry in store.ReadAsync(0))
        {
            leaves.Add(entry.StoredLeafHash.ToArray());
        }

        var signed = SignedCheckpoint.Sign(new Checkpoint(Origin, leaves.Count, MerkleProofs.RootOf(leaves), TestRecords.Epoch), key);
        await store.AppendCheckpointAsync(signed);
        return signed;
    }

    /// <summary>A log no checkpoint covers verifies entry by entry but is not vouched for: it must be reported as such.</summary>
    public static void AssertIntactButUnsigned(AuditVerificationResult result, long entries, string? context = null)
    {
        if (entries == 0)
        {
            Assert.True(result.IsValid, context + result.Message);
            return;
        }

        Assert.True(result.Failure == AuditVerificationFailure.NoTrustedCheckpoint, $"{context}{result.Failure}: {result.Message}");
        Assert.Equal(entries, result.EntriesVerified);
    }

    public static string SegmentPath(string directory) => Path.Combine(directory, FileSegmentFormat.FileName(0));

    /// <summary>Splits a segment file into its header and its frames.</summary>
    public static (byte[] Header, List<byte[]> Frames) Frames(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var frames = new List<byte[]>();
        var offset = FileSegmentFormat.HeaderSize;
        while (offset < bytes.Length)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            var size = FileSegmentFormat.FrameOverhead + length;
            frames.Add(bytes[offset..(offset + size)]);
            offset += size;
        }

        return (bytes[..FileSegmentFormat.HeaderSize], frames);
    }

    public static void WriteFrames(string path, byte[] header, IEnumerable<byte[]> frames) =>
        File.WriteAllBytes(path, [.. header, .. frames.SelectMany(f => f)]);
}
