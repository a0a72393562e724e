using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>
/// Damaged and hostile tiles tables in a real PostgreSQL database: the verifier finds changed and
/// deleted tiles, the store refuses to read or append on tiles it cannot trust, with its own codes,
/// and a refused append changes no row.
/// </summary>
/// <remarks>
/// Each log holds 1,000 entries: level 0 has full tiles 0 to 2 and partial tile 3 of 232 hashes,
/// level 1 partial tile 0 of 3 hashes. A checkpoint signed at 1,000 entries covers them all.
/// </remarks>
public sealed class PostgreSqlAuditStoreTileDamageTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>, IDisposable
{
    private const int Entries = 1_000;
    private readonly CheckpointSigningKey _key = CheckpointSigningKey.Generate("test");

    public static TheoryData<string, string> ChangedTiles => new()
    {
        { "a deleted full tile", "DELETE FROM {0}.tiles WHERE level = 0 AND index = 0" },
        { "another deleted full tile", "DELETE FROM {0}.tiles WHERE level = 0 AND index = 1" },
        { "a hash changed in a full tile", "UPDATE {0}.tiles SET hashes = set_byte(hashes, 3999, get_byte(hashes, 3999) # 1) WHERE level = 0 AND index = 1" },
        { "a hash changed in the level-0 partial tile", "UPDATE {0}.tiles SET hashes = set_byte(hashes, 99, get_byte(hashes, 99) # 1) WHERE level = 0 AND index = 3" },
        { "a hash changed in the level-1 partial tile", "UPDATE {0}.tiles SET hashes = set_byte(hashes, 39, get_byte(hashes, 39) # 1) WHERE level = 1 AND index = 0" },
        { "two full tiles swapped", "UPDATE {0}.tiles SET index = 100 WHERE level = 0 AND index = 1; UPDATE {0}.tiles SET index = 1 WHERE level = 0 AND index = 2; UPDATE {0}.tiles SET index = 2 WHERE level = 0 AND index = 100" },
    };

    public static TheoryData<string, string, string> HostileRows => new()
    {
        { "the level-0 partial tile moved past the end", "UPDATE {0}.tiles SET index = 4 WHERE level = 0 AND index = 3", PostgreSqlAuditErrorCodes.TilesPastEnd },
        { "a level-0 tile forged past the end", "INSERT INTO {0}.tiles VALUES (0, 9, sha256('forged'))", PostgreSqlAuditErrorCodes.TilesPastEnd },
        { "a forged hash appended to the level-0 partial tile", "UPDATE {0}.tiles SET hashes = hashes || sha256('x') WHERE level = 0 AND index = 3", PostgreSqlAuditErrorCodes.TilesPastEnd },
        { "the last entries deleted", "DELETE FROM {0}.entries WHERE sequence >= 990", PostgreSqlAuditErrorCodes.TilesPastEnd },
        { "the last leaf of the level-0 partial tile changed", "UPDATE {0}.tiles SET hashes = set_byte(hashes, 7419, get_byte(hashes, 7419) # 1) WHERE level = 0 AND index = 3", PostgreSqlAuditErrorCodes.TilesDisagree },
        { "an earlier leaf of the level-0 partial tile changed", "UPDATE {0}.tiles SET hashes = set_byte(hashes, 0, get_byte(hashes, 0) # 1) WHERE level = 0 AND index = 3", PostgreSqlAuditErrorCodes.TilesDisagree },
        { "the level-1 partial tile moved to level 2", "UPDATE {0}.tiles SET level = 2 WHERE level = 1 AND index = 0", PostgreSqlAuditErrorCodes.TilesDisagree },
        { "the level-1 partial tile moved to index 1", "UPDATE {0}.tiles SET index = 1 WHERE level = 1 AND index = 0", PostgreSqlAuditErrorCodes.TilesDisagree },
        { "the level-1 partial tile shortened", "UPDATE {0}.tiles SET hashes = substring(hashes FROM 1 FOR 64) WHERE level = 1 AND index = 0", PostgreSqlAuditErrorCodes.TilesDisagree },
        { "the level-1 partial tile deleted", "DELETE FROM {0}.tiles WHERE level = 1 AND index = 0", PostgreSqlAuditErrorCodes.TilesDisagree },
        { "a tile forged on level 5", "INSERT INTO {0}.tiles VALUES (5, 0, sha256('forged'))", PostgreSqlAuditErrorCodes.TilesDisagree },
        { "an entry deleted inside the last tile", "DELETE FROM {0}.entries WHERE sequence = 995", PostgreSqlAuditErrorCodes.DamagedTail },
    };

    public static TheoryData<int> MalformedLengths => [0, 1, 33, 8_191, 8_224];

    [SkippableTheory]
    [MemberData(nameof(ChangedTiles))]
    public async Task AuditVerifier_finds_a_changed_or_deleted_tile(string damage, string sql)
    {
        var options = await WriteLogAsync();
        await using (var intact = new PostgreSqlAuditStore(options))
        {
            var before = await AuditVerifier.VerifyAsync(intact, [_key.VerifierKey]);
            Assert.True(before.IsValid, before.Message);
        }

        await database.ExecuteAsync(string.Format(CultureInfo.InvariantCulture, sql, $"\"{options.Schema}\""));

        await using var store = new PostgreSqlAuditStore(options);
        var result = await AuditVerifier.VerifyAsync(store, [_key.VerifierKey]);
        Assert.False(result.IsValid, damage);
        Assert.Equal(AuditVerificationFailure.TileMismatch, result.Failure);
    }

    [SkippableTheory]
    [MemberData(nameof(HostileRows))]
    public async Task Appends_and_opens_are_refused_on_tiles_that_contradict_the_entries_and_change_nothing(string damage, string sql, string code)
    {
        var options = await WriteLogAsync();
        await database.ExecuteAsync(string.Format(CultureInfo.InvariantCulture, sql, $"\"{options.Schema}\""));
        var tiles = await database.TileRowsAsync(options.Schema);
        await using var store = new PostgreSqlAuditStore(options);
        var count = await store.GetCountAsync();

        var append = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.AppendAsync(TestRecords.Read("after-damage")));
        Assert.True(code == append.Code, $"{damage}: {append.Code} {append.Message}");
        var open = await Assert.ThrowsAsync<AuditStoreException>(() => PostgreSqlAuditStore.OpenAsync(options));
        Assert.Equal(code, open.Code);

        Assert.Equal(count, await store.GetCountAsync());
        Assert.Equal(tiles, await database.TileRowsAsync(options.Schema));
    }

    [SkippableTheory]
    [MemberData(nameof(MalformedLengths))]
    public async Task A_tile_that_is_not_whole_hashes_is_refused_with_TH1046(int length)
    {
        var options = await WriteLogAsync();

        // The table refuses such a value; an attacker with the owner's rights drops the check first.
        await database.ExecuteAsync($"""
            ALTER TABLE "{options.Schema}".tiles DROP CONSTRAINT tiles_whole_hashes;
            UPDATE "{options.Schema}".tiles SET hashes = substring(hashes || hashes FROM 1 FOR {length}) WHERE level = 0 AND index IN (1, 3);
            """);
        await using var store = new PostgreSqlAuditStore(options);

        var read = await Assert.ThrowsAsync<AuditStoreException>(() => TileTestLogs.ReadTileAsync(store, 0, 1, 1));
        Assert.Equal(PostgreSqlAuditErrorCodes.TileMalformed, read.Code);
        var append = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.AppendAsync(TestRecords.Read("after-damage")));
        Assert.Equal(PostgreSqlAuditErrorCodes.TileMalformed, append.Code);
        Assert.Equal(Entries, await store.GetCountAsync());
    }

    [SkippableFact]
    public async Task A_tile_shorter_than_asked_for_or_deleted_is_TH1045()
    {
        var options = await WriteLogAsync();
        await database.ExecuteAsync($"""
            UPDATE "{options.Schema}".tiles SET hashes = substring(hashes FROM 1 FOR 4096) WHERE level = 0 AND index = 1;
            DELETE FROM "{options.Schema}".tiles WHERE level = 0 AND index = 2;
            """);
        await using var store = new PostgreSqlAuditStore(options);

        Assert.Equal(128 * 64, (await TileTestLogs.ReadTileAsync(store, 0, 1, 128)).Length);
        var shortened = await Assert.ThrowsAsync<AuditStoreException>(() => TileTestLogs.ReadTileAsync(store, 0, 1, 256));
        Assert.Equal(PostgreSqlAuditErrorCodes.TileMissing, shortened.Code);
        var deleted = await Assert.ThrowsAsync<AuditStoreException>(() => TileTestLogs.ReadTileAsync(store, 0, 2, 256));
        Assert.Equal(PostgreSqlAuditErrorCodes.TileMissing, deleted.Code);
        Assert.DoesNotContain(options.Schema, deleted.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("8, 0", "tiles_level_range")]
    [InlineData("-1, 0", "tiles_level_range")]
    [InlineData("0, -1", "tiles_index_range")]
    public async Task The_table_refuses_a_tile_outside_the_tlog_tiles_range(string levelAndIndex, string constraint)
    {
        var options = await WriteLogAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => database.ExecuteAsync($"INSERT INTO \"{options.Schema}\".tiles VALUES ({levelAndIndex}, sha256('x'))"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Equal(constraint, refused.ConstraintName);
    }

    [SkippableFact]
    public async Task Writing_tiles_extends_a_stored_tile_but_never_changes_one()
    {
        var options = await WriteLogAsync();
        var sql = new PostgreSqlAuditSql(options.Schema);
        var rows = await database.TileRowsAsync(options.Schema);
        var full = Convert.FromHexString(rows[(0, 1)]);
        var partial = Convert.FromHexString(rows[(0, 3)]);
        var changed = (byte[])full.Clone();
        changed[100] ^= 1;
        var shorter = partial[..(partial.Length - 32)];
        var longerButChanged = (byte[])partial.Clone();
        longerButChanged[0] ^= 1;

        Assert.Equal(0, await WriteTileAsync(sql, 0, 1, changed));
        Assert.Equal(0, await WriteTileAsync(sql, 0, 1, full));
        Assert.Equal(0, await WriteTileAsync(sql, 0, 3, shorter));
        Assert.Equal(0, await WriteTileAsync(sql, 0, 3, [.. longerButChanged, .. new byte[32]]));
        Assert.Equal(rows, await database.TileRowsAsync(options.Schema));

        Assert.Equal(1, await WriteTileAsync(sql, 0, 3, [.. partial, .. new byte[32]]));
    }

    public void Dispose() => _key.Dispose();

    /// <summary>Writes a log of 1,000 entries through the store and signs a checkpoint of it.</summary>
    private async Task<PostgreSqlAuditStoreOptions> WriteLogAsync()
    {
        var options = database.NewLog(maxBatchSize: 300);
        await using var store = new PostgreSqlAuditStore(options);
        await Task.WhenAll(Enumerable.Range(0, Entries).Select(i => store.AppendAsync(TestRecords.Read($"r-{i}")).AsTask()));
        await TileTestLogs.CheckpointAsync(store, await TileTestLogs.LeavesAsync(store), _key);
        return options;
    }

    private async Task<int> WriteTileAsync(PostgreSqlAuditSql sql, short level, long index, byte[] hashes)
    {
        await using var connection = await database.OpenAdminConnectionAsync();
        await using var command = new NpgsqlCommand(sql.WriteTiles, connection);
        command.Parameters.Add(new NpgsqlParameter<short[]>("levels", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { TypedValue = [level] });
        command.Parameters.Add(new NpgsqlParameter<long[]>("indexes", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [index] });
        command.Parameters.Add(new NpgsqlParameter<byte[][]>("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = [hashes] });
        return await command.ExecuteNonQueryAsync();
    }
}
