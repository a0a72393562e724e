using System.Globalization;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>
/// Logs written by version 0.1 (entries, no tiles) in a real PostgreSQL database get their tiles on
/// first use, in transactions of their own, whichever nodes start at once.
/// </summary>
public sealed class PostgreSqlAuditStoreMigrationTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    private const int BuildLimit = 4_096;

    [SkippableFact]
    public async Task A_log_written_by_version_0_1_gets_its_tiles_once_from_two_nodes_starting_at_once()
    {
        var options = database.NewLog();
        var leaves = await database.WriteVersion01LogAsync(options.Schema, 65_536 + 4_465);
        var collector = new FakeLogCollector();
        await using var nodeA = new PostgreSqlAuditStore(options, new FakeLogger<PostgreSqlAuditStore>(collector)) { TileCatchUpLimit = BuildLimit };
        await using var nodeB = new PostgreSqlAuditStore(options, new FakeLogger<PostgreSqlAuditStore>(collector)) { TileCatchUpLimit = BuildLimit };

        // Node A builds the tiles to serve one, node B to append: both at once, in transactions of
        // 4,096 entries, each starting where the tiles end when it gets the lock.
        var tile = TileTestLogs.ReadTileAsync(nodeA, 2, 0, 1);
        var append = nodeB.AppendAsync(TestRecords.Read("after-upgrade")).AsTask();
        await Task.WhenAll(tile, append);

        Assert.Equal(leaves.Count, append.Result.Sequence);
        leaves.Add(append.Result.LeafHash.ToArray());
        Assert.Equal(Convert.ToHexStringLower(MerkleProofs.RootOf(leaves[..65_536])), await tile);
        Assert.Equal(TileTestLogs.ExpectedTiles(leaves), await database.TileRowsAsync(options.Schema));

        // Every entry got its tiles exactly once, in whole transactions of at most 4,096 entries.
        var built = collector.GetSnapshot()
            .Where(r => r.Id.Id == 4)
            .Select(r => (From: long.Parse(r.GetStructuredStateValue("From")!, CultureInfo.InvariantCulture), Built: int.Parse(r.GetStructuredStateValue("Built")!, CultureInfo.InvariantCulture)))
            .OrderBy(b => b.From)
            .ToList();
        Assert.All(built, b => Assert.InRange(b.Built, 1, BuildLimit));
        Assert.Equal(0, built[0].From);
        for (var i = 1; i < built.Count; i++)
        {
            Assert.Equal(built[i - 1].From + built[i - 1].Built, built[i].From);
        }

        Assert.Equal(leaves.Count - 1, built[^1].From + built[^1].Built);

        using var key = CheckpointSigningKey.Generate("test");
        await TileTestLogs.CheckpointAsync(nodeA, leaves, key);
        var verified = await AuditVerifier.VerifyAsync(nodeA, [key.VerifierKey]);
        Assert.True(verified.IsValid, verified.Message);
        Assert.Equal(leaves.Count, verified.EntriesVerified);
    }

    [SkippableFact]
    public async Task Opening_a_log_whose_tiles_are_complete_writes_nothing()
    {
        var options = database.NewLog();
        await database.WriteVersion01LogAsync(options.Schema, 1_000);
        await using (await PostgreSqlAuditStore.OpenAsync(options))
        {
        }

        var before = await RowVersionsAsync(options.Schema);
        await using (var again = await PostgreSqlAuditStore.OpenAsync(options))
        {
            await TileTestLogs.ReadTileAsync(again, 0, 3, 232);
        }

        Assert.Equal(5, before.Count);
        Assert.Equal(before, await RowVersionsAsync(options.Schema));
    }

    [SkippableFact]
    public async Task Entries_a_node_of_version_0_1_appends_after_the_upgrade_get_tiles_with_the_next_append()
    {
        var options = database.NewLog();
        var leaves = await database.WriteVersion01LogAsync(options.Schema, 300);
        await using var upgraded = await PostgreSqlAuditStore.OpenAsync(options);
        Assert.Equal(TileTestLogs.ExpectedTiles(leaves), await database.TileRowsAsync(options.Schema));

        // A node still running 0.1 appends entries without tiles: until a node of this version
        // appends, they have none, and serving one says so.
        await database.AppendAsVersion01Async(options.Schema, leaves, 500);
        var missing = await Assert.ThrowsAsync<AuditStoreException>(() => TileTestLogs.ReadTileAsync(upgraded, 0, 2, 1));
        Assert.Equal(PostgreSqlAuditErrorCodes.TileMissing, missing.Code);

        leaves.Add((await upgraded.AppendAsync(TestRecords.Read("next"))).LeafHash.ToArray());
        Assert.Equal(TileTestLogs.ExpectedTiles(leaves), await database.TileRowsAsync(options.Schema));
        TestRecords.AssertChained(await TestRecords.ReadAllAsync(upgraded));
    }

    /// <summary>Gets each tile row with the transaction that last wrote it.</summary>
    private async Task<Dictionary<(short Level, long Index), string>> RowVersionsAsync(string schema)
    {
        await using var connection = await database.OpenAdminConnectionAsync();
        await using var query = new NpgsqlCommand($"SELECT level, index, xmin::text FROM \"{schema}\".tiles", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new Dictionary<(short, long), string>();
        while (await reader.ReadAsync())
        {
            rows[(reader.GetInt16(0), reader.GetInt64(1))] = reader.GetString(2);
        }

        return rows;
    }
}
