namespace Telehealth.Audit.PostgreSql.Tests;

internal static class TestRecords
{
    public static AuditRecord Read(string resourceId) => new()
    {
        Actor = new AuditActor("u-1", AuditActorType.User, "clinician"),
        Action = "phi.read",
        Resource = new AuditResource("patient-record", resourceId),
        OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
    };

    public static async Task<List<AuditStoredEntry>> ReadAllAsync(IAuditStore store, long from = 0)
    {
        var entries = new List<AuditStoredEntry>();
        await foreach (var entry in store.ReadAsync(from))
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Checks that entries are the gap-free, hash-chained log from sequence zero.</summary>
    public static void AssertChained(IReadOnlyList<AuditStoredEntry> entries)
    {
        var previous = new byte[MerkleProofs.HashSize];
        for (var i = 0; i < entries.Count; i++)
        {
            var stored = entries[i];
            Assert.Equal(i, stored.Position);
            var entry = AuditEntry.Decode(stored.Data.Span);
            Assert.Equal(i, entry.Sequence);
            Assert.True(entry.PreviousHash.Span.SequenceEqual(previous), $"Entry {i} does not link to the entry before it.");
            var leaf = MerkleProofs.LeafHash(stored.Data.Span);
            Assert.True(stored.StoredLeafHash.Span.SequenceEqual(leaf), $"Entry {i} has a wrong stored leaf hash.");
            previous = leaf;
        }
    }
}
