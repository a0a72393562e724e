using Microsoft.Extensions.DependencyInjection;

namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>
/// The C2SP tlog-tiles hash tiles the store keeps in a real PostgreSQL database: the same tiles as
/// the file store for the same records, and roots and proofs from them that match the tree of the
/// leaves at every size tried.
/// </summary>
public sealed class PostgreSqlAuditStoreTileTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    [SkippableFact]
    public async Task Appends_store_the_tiles_the_file_store_keeps_for_the_same_records()
    {
        // Past 65,536 entries, so level 1 has a full tile and level 2 a partial one.
        const int count = 65_536 + 1_000;
        var options = database.NewLog();
        await using var store = new PostgreSqlAuditStore(options);

        // Waves of concurrent appends give batches of many sizes, so tiles fill across batches.
        for (var wave = 0; wave * 5_000 < count; wave++)
        {
            var size = Math.Min(5_000, count - (wave * 5_000));
            await Task.WhenAll(Enumerable.Range(wave * 5_000, size).Select(i => store.AppendAsync(TestRecords.Read($"r-{i}")).AsTask()));
        }

        // The file store gets the same records in the order PostgreSQL numbered them.
        var stored = await TestRecords.ReadAllAsync(store);
        using var directory = new TempDirectory();
        await using var fileStore = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = directory.Path });
        await Task.WhenAll(stored.Select(e => fileStore.AppendAsync(AuditEntry.Decode(e.Data.Span).Record).AsTask()));
        var fileLeaves = await TileTestLogs.LeavesAsync(fileStore);
        Assert.Equal(stored.Select(e => Convert.ToHexStringLower(e.StoredLeafHash.Span)), fileLeaves.Select(Convert.ToHexStringLower));

        var expected = TileTestLogs.ExpectedTiles(fileLeaves);
        Assert.Equal(expected.Keys.Order(), (await database.TileRowsAsync(options.Schema)).Keys.Order());
        foreach (var ((level, index), hex) in expected)
        {
            var width = hex.Length / 64;
            var fromFileStore = await TileTestLogs.ReadTileAsync(fileStore, level, index, width);
            Assert.Equal(hex, fromFileStore);
            Assert.Equal(fromFileStore, await TileTestLogs.ReadTileAsync(store, level, index, width));
        }

        Assert.Equal(expected, await database.TileRowsAsync(options.Schema));
    }

    [SkippableFact]
    public async Task Roots_and_proofs_from_the_tiles_match_the_tree_of_the_leaves_at_every_size_up_to_300_and_tile_boundaries_up_to_600()
    {
        var options = database.NewLog(maxBatchSize: 16);
        using var key = CheckpointSigningKey.Generate("test");
        await using var services = TileTestLogs.AuditLogServices(options, key);
        var log = services.GetRequiredService<IAuditLog>();

        // Waves of concurrent appends in small batches, a checkpoint after each: its root comes
        // from the tiles as they are at that size.
        for (var wave = 0; wave < 6; wave++)
        {
            await Task.WhenAll(Enumerable.Range(wave * 100, 100).Select(i => log.AppendAsync(TestRecords.Read($"r-{i}")).AsTask()));
            var checkpoint = await log.CheckpointAsync();
            var leavesNow = await TileTestLogs.LeavesAsync(services.GetRequiredService<IAuditStore>());
            Assert.Equal((wave + 1) * 100, checkpoint.Checkpoint.TreeSize);
            Assert.True(checkpoint.Checkpoint.RootHash.Span.SequenceEqual(MerkleProofs.RootOf(leavesNow)), $"Root at {leavesNow.Count} differs.");
        }

        var leaves = await TileTestLogs.LeavesAsync(services.GetRequiredService<IAuditStore>());
        var roots = Enumerable.Range(0, leaves.Count + 1).Select(size => MerkleProofs.RootOf(leaves[..size])).ToList();

        // At earlier sizes the tiles are read as prefixes of the rows the log has now: every width
        // of the level-0 partial tile, then the sizes around the later tile boundaries.
        for (var size = 1; size <= 300; size++)
        {
            var proof = await log.GetInclusionProofAsync(size - 1, size);
            Assert.True(MerkleProofs.VerifyInclusion(leaves[size - 1], size - 1, size, proof.Hashes, roots[size]), $"Inclusion of the last leaf in {size}.");
        }

        await AssertProofsAsync(log, leaves, roots, [1, 2, 3, 7, 8, 255, 256, 257, 300, 511, 512, 513, 599, 600]);
    }

    [SkippableFact]
    public async Task Roots_and_proofs_from_the_tiles_match_the_tree_of_the_leaves_at_sizes_around_65536()
    {
        var options = database.NewLog();
        var leaves = await database.WriteVersion01LogAsync(options.Schema, 65_536 + 300);
        using var key = CheckpointSigningKey.Generate("test");
        await using var services = TileTestLogs.AuditLogServices(options, key);
        var log = services.GetRequiredService<IAuditLog>();
        int[] sizes = [65_535, 65_536, 65_537, 65_536 + 255, 65_536 + 256, 65_536 + 300];
        var roots = new Dictionary<int, byte[]>();
        foreach (var size in sizes.Append(1).Append(32_768))
        {
            roots[size] = MerkleProofs.RootOf(leaves[..size]);
        }

        foreach (var size in sizes)
        {
            foreach (var index in new long[] { 0, 1, 255, 256, 32_767, 65_534, size - 1 })
            {
                var proof = await log.GetInclusionProofAsync(index, size);
                Assert.True(MerkleProofs.VerifyInclusion(leaves[(int)index], index, size, proof.Hashes, roots[size]), $"Inclusion of {index} in {size}.");
            }

            foreach (var first in new[] { 1, 32_768, 65_535 }.Where(f => f <= size))
            {
                var proof = await log.GetConsistencyProofAsync(first, size);
                Assert.True(MerkleProofs.VerifyConsistency(first, size, roots[first], roots[size], proof.Hashes), $"Consistency from {first} to {size}.");
            }
        }

        var checkpoint = await log.CheckpointAsync();
        Assert.True(checkpoint.Checkpoint.RootHash.Span.SequenceEqual(roots[65_536 + 300]));
    }

    [SkippableFact]
    public async Task Another_node_checks_the_newest_checkpoint_against_the_tiles_before_it_signs_on()
    {
        var options = database.NewLog();
        using var key = CheckpointSigningKey.Generate("test");
        SignedCheckpoint first;
        await using (var nodeA = TileTestLogs.AuditLogServices(options, key))
        {
            var log = nodeA.GetRequiredService<IAuditLog>();
            await Task.WhenAll(Enumerable.Range(0, 300).Select(i => log.AppendAsync(TestRecords.Read($"a-{i}")).AsTask()));
            first = await log.CheckpointAsync();
        }

        await using (var nodeB = TileTestLogs.AuditLogServices(options, key))
        {
            var log = nodeB.GetRequiredService<IAuditLog>();
            await log.AppendAsync(TestRecords.Read("b-0"));
            var second = await log.CheckpointAsync();
            var consistency = await log.GetConsistencyProofAsync(300, 301);
            Assert.True(MerkleProofs.VerifyConsistency(300, 301, first.Checkpoint.RootHash.Span, second.Checkpoint.RootHash.Span, consistency.Hashes));
        }

        // The tile the root at 301 is computed from (level 1: the hash of the first 256 entries)
        // changed under the newest checkpoint: the next node refuses to sign on top of it.
        await database.ExecuteAsync($"UPDATE \"{options.Schema}\".tiles SET hashes = set_byte(hashes, 5, get_byte(hashes, 5) # 1) WHERE level = 1 AND index = 0");
        await using var nodeC = TileTestLogs.AuditLogServices(options, key);
        var refused = await Assert.ThrowsAsync<AuditStoreException>(async () => await nodeC.GetRequiredService<IAuditLog>().AppendAsync(TestRecords.Read("c-0")));
        Assert.Equal(AuditErrorCodes.HistoryMismatch, refused.Code);
    }

    [SkippableFact]
    public async Task A_partial_tile_read_once_serves_narrower_reads_and_a_wider_read_goes_to_the_table()
    {
        var options = database.NewLog();
        await using var store = new PostgreSqlAuditStore(options);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => store.AppendAsync(TestRecords.Read($"r-{i}")).AsTask()));
        Assert.Equal(Hex(await TileTestLogs.LeavesAsync(store), 10), await TileTestLogs.ReadTileAsync(store, 0, 0, 10));

        await Task.WhenAll(Enumerable.Range(10, 20).Select(i => store.AppendAsync(TestRecords.Read($"r-{i}")).AsTask()));
        var leaves = await TileTestLogs.LeavesAsync(store);
        Assert.Equal(Hex(leaves, 5), await TileTestLogs.ReadTileAsync(store, 0, 0, 5));
        Assert.Equal(Hex(leaves, 30), await TileTestLogs.ReadTileAsync(store, 0, 0, 30));

        // What was read is served from memory, so a row changed since is not seen by this instance;
        // a new one (as a verifier should use) judges the end of the log first and finds the change.
        await database.ExecuteAsync($"UPDATE \"{options.Schema}\".tiles SET hashes = set_byte(hashes, 0, get_byte(hashes, 0) # 1) WHERE level = 0 AND index = 0");
        Assert.Equal(Hex(leaves, 5), await TileTestLogs.ReadTileAsync(store, 0, 0, 5));
        await using var fresh = new PostgreSqlAuditStore(options);
        var refused = await Assert.ThrowsAsync<AuditStoreException>(() => TileTestLogs.ReadTileAsync(fresh, 0, 0, 5));
        Assert.Equal(PostgreSqlAuditErrorCodes.TilesDisagree, refused.Code);

        static string Hex(List<byte[]> leaves, int count) => Convert.ToHexStringLower([.. leaves.Take(count).SelectMany(l => l)]);
    }

    [SkippableFact]
    public async Task ReadLatestCheckpointAsync_gives_the_checkpoint_stored_last_or_none()
    {
        var options = database.NewLog();
        using var key = CheckpointSigningKey.Generate("test");
        await using var store = new PostgreSqlAuditStore(options);
        Assert.Null(await store.ReadLatestCheckpointAsync());

        var leaves = new List<byte[]>();
        var notes = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            leaves.Add((await store.AppendAsync(TestRecords.Read($"r-{i}"))).LeafHash.ToArray());
            notes.Add((await TileTestLogs.CheckpointAsync(store, leaves, key)).Note);
        }

        Assert.Equal(notes[^1], await store.ReadLatestCheckpointAsync());
    }

    [SkippableFact]
    public async Task ReadTileAsync_refuses_invalid_arguments_with_their_names()
    {
        await using var store = new PostgreSqlAuditStore(database.NewLog());
        var buffer = new byte[32 * 256];
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("level", async () => await store.ReadTileAsync(-1, 0, 1, buffer));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("level", async () => await store.ReadTileAsync(8, 0, 1, buffer));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("index", async () => await store.ReadTileAsync(0, -1, 1, buffer));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("width", async () => await store.ReadTileAsync(0, 0, 0, buffer));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("width", async () => await store.ReadTileAsync(0, 0, 257, buffer));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("destination", async () => await store.ReadTileAsync(0, 0, 2, new byte[63]));

        // A tile the tree does not have yet is not stored.
        var missing = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.ReadTileAsync(0, 0, 1, buffer));
        Assert.Equal(PostgreSqlAuditErrorCodes.TileMissing, missing.Code);
    }

    /// <summary>Inclusion proofs of assorted leaves and consistency proofs between assorted sizes, each verified against the independent roots.</summary>
    private static async Task AssertProofsAsync(IAuditLog log, List<byte[]> leaves, List<byte[]> roots, int[] sizes)
    {
        foreach (var size in sizes)
        {
            foreach (var index in new long[] { 0, 1, size / 2, size - 2, size - 1 }.Where(i => i >= 0 && i < size).Distinct())
            {
                var proof = await log.GetInclusionProofAsync(index, size);
                Assert.True(MerkleProofs.VerifyInclusion(leaves[(int)index], index, size, proof.Hashes, roots[size]), $"Inclusion of {index} in {size}.");
            }

            foreach (var first in sizes.Where(f => f <= size))
            {
                var proof = await log.GetConsistencyProofAsync(first, size);
                Assert.True(MerkleProofs.VerifyConsistency(first, size, roots[first], roots[size], proof.Hashes), $"Consistency from {first} to {size}.");
            }
        }
    }
}
