namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>Several nodes on one real PostgreSQL database: one gap-free sequence, one hash chain, one tree, one set of tiles.</summary>
public sealed class PostgreSqlAuditStoreConcurrencyTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    private const int WritersPerNode = 4;
    private const int AppendsPerWriter = 10_000;

    [SkippableFact]
    public async Task Two_nodes_with_eight_writers_build_one_gap_free_chain()
    {
        var options = database.NewLog();
        const int writers = 2 * WritersPerNode;
        const int total = writers * AppendsPerWriter;
        var acknowledged = new AuditAppendResult[writers][];

        await using (var nodeA = new PostgreSqlAuditStore(options))
        await using (var nodeB = new PostgreSqlAuditStore(options))
        {
            var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var store = w < WritersPerNode ? nodeA : nodeB;
                var results = new AuditAppendResult[AppendsPerWriter];
                for (var i = 0; i < AppendsPerWriter; i++)
                {
                    results[i] = await store.AppendAsync(TestRecords.Read($"w{w}-{i}"));
                }

                acknowledged[w] = results;
            })).ToArray();
            await Task.WhenAll(tasks);

            Assert.Equal(total, await nodeA.GetCountAsync());
            Assert.Equal(total, await nodeB.GetCountAsync());
        }

        await using var reader = new PostgreSqlAuditStore(options);
        var stored = await TestRecords.ReadAllAsync(reader);

        // Sequence numbers are exactly 0..total-1, and each entry links to the one before it.
        Assert.Equal(total, stored.Count);
        TestRecords.AssertChained(stored);

        // Every acknowledgement names the stored entry of exactly that record.
        for (var w = 0; w < writers; w++)
        {
            for (var i = 0; i < AppendsPerWriter; i++)
            {
                var ack = acknowledged[w][i];
                var entry = stored[checked((int)ack.Sequence)];
                Assert.True(ack.LeafHash.Span.SequenceEqual(entry.StoredLeafHash.Span), $"Writer {w} append {i}: acknowledged leaf hash differs from the stored one.");
                Assert.Equal($"w{w}-{i}", AuditEntry.Decode(entry.Data.Span).Record.Resource.Id);
                if (i > 0)
                {
                    Assert.True(ack.Sequence > acknowledged[w][i - 1].Sequence, "A writer's later append got an earlier sequence.");
                }
            }
        }

        // One tree over every leaf, whichever node appended it.
        var root = MerkleProofs.RootOf(stored.Select(e => e.StoredLeafHash.ToArray()).ToArray());
        Assert.Equal(MerkleProofs.HashSize, root.Length);
        var acknowledgedInOrder = acknowledged.SelectMany(a => a).OrderBy(a => a.Sequence).ToArray();
        Assert.Equal(Enumerable.Range(0, total).Select(i => (long)i), acknowledgedInOrder.Select(a => a.Sequence));
    }

    [SkippableFact]
    public async Task Two_nodes_appending_at_once_extend_one_set_of_tiles()
    {
        // Small batches from both nodes interleave many times inside every tile.
        var options = database.NewLog(maxBatchSize: 16);
        await using var nodeA = new PostgreSqlAuditStore(options);
        await using var nodeB = new PostgreSqlAuditStore(options);
        await Task.WhenAll(Enumerable.Range(0, 2 * WritersPerNode).Select(w => Task.Run(async () =>
        {
            var store = w < WritersPerNode ? nodeA : nodeB;
            for (var i = 0; i < 600; i++)
            {
                await store.AppendAsync(TestRecords.Read($"w{w}-{i}"));
            }
        })));

        var leaves = await TileTestLogs.LeavesAsync(nodeA);
        Assert.Equal(2 * WritersPerNode * 600, leaves.Count);
        Assert.Equal(TileTestLogs.ExpectedTiles(leaves), await database.TileRowsAsync(options.Schema));

        using var key = CheckpointSigningKey.Generate("test");
        await TileTestLogs.CheckpointAsync(nodeB, leaves, key);
        var verified = await AuditVerifier.VerifyAsync(nodeA, [key.VerifierKey]);
        Assert.True(verified.IsValid, verified.Message);
    }
}
