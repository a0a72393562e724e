using Npgsql;

namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>The store against a real PostgreSQL database: schema, appends, reads, checkpoints, shutdown.</summary>
public sealed class PostgreSqlAuditStoreTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    [SkippableFact]
    public async Task OpenAsync_creates_the_tables_in_the_configured_schema()
    {
        var options = database.NewLog();
        await using var store = await PostgreSqlAuditStore.OpenAsync(options);

        await using var admin = await database.OpenAdminConnectionAsync();
        await using var query = new NpgsqlCommand(
            "SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns WHERE table_schema = @schema ORDER BY table_name, ordinal_position",
            admin);
        query.Parameters.AddWithValue("schema", options.Schema);
        var columns = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            ["checkpoints.id:bigint", "checkpoints.note:text", "entries.sequence:bigint", "entries.data:bytea", "entries.leaf_hash:bytea", "tiles.level:smallint", "tiles.index:bigint", "tiles.hashes:bytea"],
            columns);
        Assert.Equal(0, await store.GetCountAsync());
    }

    [SkippableFact]
    public async Task Appends_are_numbered_from_zero_and_chained()
    {
        var options = database.NewLog();
        await using var store = new PostgreSqlAuditStore(options);

        var results = new List<AuditAppendResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await store.AppendAsync(TestRecords.Read($"r-{i}")));
        }

        Assert.Equal([0L, 1L, 2L], results.Select(r => r.Sequence));
        var stored = await TestRecords.ReadAllAsync(store);
        TestRecords.AssertChained(stored);
        Assert.True(AuditEntry.Decode(stored[0].Data.Span).PreviousHash.Span.SequenceEqual(new byte[32]));
        Assert.Equal("r-2", AuditEntry.Decode(stored[2].Data.Span).Record.Resource.Id);
        Assert.True(results[2].LeafHash.Span.SequenceEqual(stored[2].StoredLeafHash.Span));
        Assert.Equal(3, await store.GetCountAsync());
    }

    [SkippableFact]
    public async Task A_reopened_store_continues_the_chain()
    {
        var options = database.NewLog();
        await using (var first = new PostgreSqlAuditStore(options))
        {
            await first.AppendAsync(TestRecords.Read("before"));
        }

        await using var second = new PostgreSqlAuditStore(options);
        var result = await second.AppendAsync(TestRecords.Read("after"));

        Assert.Equal(1, result.Sequence);
        TestRecords.AssertChained(await TestRecords.ReadAllAsync(second));
    }

    [SkippableFact]
    public async Task ReadAsync_starts_at_the_given_sequence_and_crosses_pages()
    {
        var options = database.NewLog();
        await using var store = new PostgreSqlAuditStore(options);
        await Task.WhenAll(Enumerable.Range(0, 5000).Select(i => store.AppendAsync(TestRecords.Read($"r-{i}")).AsTask()));

        var tail = await TestRecords.ReadAllAsync(store, from: 10);
        Assert.Equal(Enumerable.Range(10, 4990).Select(i => (long)i), tail.Select(e => e.Position));
        Assert.Empty(await TestRecords.ReadAllAsync(store, from: 5000));
        TestRecords.AssertChained(await TestRecords.ReadAllAsync(store));
    }

    [SkippableFact]
    public async Task Each_schema_is_a_separate_log()
    {
        var first = database.NewLog();
        var second = database.NewLog();
        await using var a = new PostgreSqlAuditStore(first);
        await using var b = new PostgreSqlAuditStore(second);

        await a.AppendAsync(TestRecords.Read("a-0"));
        await a.AppendAsync(TestRecords.Read("a-1"));
        var inB = await b.AppendAsync(TestRecords.Read("b-0"));

        Assert.Equal(0, inB.Sequence);
        Assert.Equal(2, await a.GetCountAsync());
        Assert.Equal(1, await b.GetCountAsync());
    }

    [SkippableFact]
    public async Task Checkpoints_round_trip_oldest_first_and_verify()
    {
        var options = database.NewLog();
        using var key = CheckpointSigningKey.Generate("test");
        var signed = new List<SignedCheckpoint>();
        await using (var store = new PostgreSqlAuditStore(options))
        {
            for (var size = 1; size <= 2; size++)
            {
                await store.AppendAsync(TestRecords.Read($"r-{size}"));
                var leaves = (await TestRecords.ReadAllAsync(store)).Select(e => e.StoredLeafHash.ToArray()).ToArray();
                var checkpoint = new Checkpoint("test.example/audit", size, MerkleProofs.RootOf(leaves), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + size));
                var signedCheckpoint = SignedCheckpoint.Sign(checkpoint, key);
                await store.AppendCheckpointAsync(signedCheckpoint);
                signed.Add(signedCheckpoint);
            }
        }

        await using var reopened = new PostgreSqlAuditStore(options);
        var notes = new List<string>();
        await foreach (var note in reopened.ReadCheckpointsAsync())
        {
            notes.Add(note);
        }

        Assert.Equal(signed.Select(s => s.Note), notes);
        var parsed = notes.Select(SignedCheckpoint.Parse).ToArray();
        Assert.All(parsed, p => Assert.True(p.IsSignedBy(key.VerifierKey)));
        Assert.Equal([1L, 2L], parsed.Select(p => p.Checkpoint.TreeSize));
        Assert.True(parsed[1].Checkpoint.RootHash.Span.SequenceEqual(signed[1].Checkpoint.RootHash.Span));
    }

    [SkippableFact]
    public async Task DisposeAsync_stores_every_accepted_append_first()
    {
        var options = database.NewLog(maxBatchSize: 64);
        Task<AuditAppendResult>[] pending;
        await using (var store = new PostgreSqlAuditStore(options))
        {
            pending = Enumerable.Range(0, 2000).Select(i => store.AppendAsync(TestRecords.Read($"r-{i}")).AsTask()).ToArray();
        }

        Assert.All(pending, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (long)i), pending.Select(t => t.Result.Sequence).Order());
        await using var reopened = new PostgreSqlAuditStore(options);
        Assert.Equal(2000, await reopened.GetCountAsync());
    }

    [SkippableFact]
    public async Task A_disposed_store_refuses_work_with_TH1022()
    {
        var store = new PostgreSqlAuditStore(database.NewLog());
        await store.DisposeAsync();

        var append = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.AppendAsync(TestRecords.Read("late")));
        Assert.Equal("TH1022", append.Code);
        var count = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.GetCountAsync());
        Assert.Equal("TH1022", count.Code);
        await store.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_cancelled_append_is_not_stored()
    {
        var options = database.NewLog();
        await using var store = new PostgreSqlAuditStore(options);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.AppendAsync(TestRecords.Read("never"), cancelled.Token));

        Assert.Equal(0, await store.GetCountAsync());
        Assert.Equal(0, (await store.AppendAsync(TestRecords.Read("first"))).Sequence);
    }
}
