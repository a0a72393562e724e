using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>
/// Logs for the tile tests: logs as version 0.1 wrote them (entries, no tiles), the tiles a tree of
/// given leaves must have (computed with <see cref="MerkleProofs.RootOf"/>, independently of the
/// store), and the rows a store holds.
/// </summary>
internal static class TileTestLogs
{
    public const string Origin = "test.example/audit";

    /// <summary>Creates a log's tables exactly as version 0.1 did (no tiles table) and stores <paramref name="count"/> chained entries in it.</summary>
    public static async Task<List<byte[]>> WriteVersion01LogAsync(this PostgreSqlTestDatabase database, string schema, int count)
    {
        await database.ExecuteAsync($"""
            CREATE SCHEMA "{schema}";
            CREATE TABLE "{schema}".entries (
                sequence bigint PRIMARY KEY CHECK (sequence >= 0),
                data bytea NOT NULL,
                leaf_hash bytea NOT NULL CHECK (octet_length(leaf_hash) = 32));
            CREATE TABLE "{schema}".checkpoints (
                id bigserial PRIMARY KEY,
                note text NOT NULL);
            """);
        var leaves = new List<byte[]>();
        await database.AppendAsVersion01Async(schema, leaves, count);
        return leaves;
    }

    /// <summary>Stores <paramref name="count"/> entries chained after <paramref name="leaves"/> as a node of version 0.1 did (entries only), and adds their leaf hashes.</summary>
    public static async Task AppendAsVersion01Async(this PostgreSqlTestDatabase database, string schema, List<byte[]> leaves, int count)
    {
        await using var connection = await database.OpenAdminConnectionAsync();
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{schema}\".entries (sequence, data, leaf_hash) FROM STDIN (FORMAT BINARY)");
        for (var done = 0; done < count; done += 4096)
        {
            var first = leaves.Count;
            var records = Enumerable.Range(first, Math.Min(4096, count - done)).Select(i => TestRecords.Read($"v01-{i}")).ToList();
            foreach (var (data, leafHash) in AuditStoreWriter.Chain(first, leaves.Count == 0 ? new byte[MerkleProofs.HashSize] : leaves[^1], records))
            {
                await importer.StartRowAsync();
                await importer.WriteAsync((long)leaves.Count, NpgsqlDbType.Bigint);
                await importer.WriteAsync(data, NpgsqlDbType.Bytea);
                await importer.WriteAsync(leafHash, NpgsqlDbType.Bytea);
                leaves.Add(leafHash);
            }
        }

        await importer.CompleteAsync();
    }

    /// <summary>Gets every tile (full ones, and the partial one at the end of each level) of the tree of <paramref name="leaves"/>, as hex.</summary>
    public static Dictionary<(int Level, long Index), string> ExpectedTiles(IReadOnlyList<byte[]> leaves)
    {
        var tiles = new Dictionary<(int Level, long Index), string>();
        var hashes = leaves.ToList();
        for (var level = 0; hashes.Count > 0; level++)
        {
            // The hashes of tree level 8·L, cut into tiles of 256; the next tile level holds the roots of the full ones.
            var above = new List<byte[]>();
            for (var index = 0; index * 256 < hashes.Count; index++)
            {
                var tile = hashes.Skip(index * 256).Take(256).ToList();
                tiles[(level, index)] = Convert.ToHexStringLower([.. tile.SelectMany(h => h)]);
                if (tile.Count == 256)
                {
                    above.Add(MerkleProofs.RootOf(tile));
                }
            }

            hashes = above;
        }

        return tiles;
    }

    /// <summary>Gets the rows of a log's tiles table, as hex.</summary>
    public static async Task<Dictionary<(int Level, long Index), string>> TileRowsAsync(this PostgreSqlTestDatabase database, string schema)
    {
        await using var connection = await database.OpenAdminConnectionAsync();
        await using var query = new NpgsqlCommand($"SELECT level, index, hashes FROM \"{schema}\".tiles", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new Dictionary<(int Level, long Index), string>();
        while (await reader.ReadAsync())
        {
            rows[(reader.GetInt16(0), reader.GetInt64(1))] = Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2));
        }

        return rows;
    }

    /// <summary>Reads a tile through <see cref="IAuditStore.ReadTileAsync"/>, as hex.</summary>
    public static async Task<string> ReadTileAsync(IAuditStore store, int level, long index, int width)
    {
        var hashes = new byte[width * MerkleProofs.HashSize];
        await store.ReadTileAsync(level, index, width, hashes);
        return Convert.ToHexStringLower(hashes);
    }

    /// <summary>Signs and stores a checkpoint of the tree of <paramref name="leaves"/>, computed independently of the store.</summary>
    public static async Task<SignedCheckpoint> CheckpointAsync(IAuditStore store, IReadOnlyList<byte[]> leaves, CheckpointSigningKey key)
    {
        var signed = SignedCheckpoint.Sign(new Checkpoint(Origin, leaves.Count, MerkleProofs.RootOf(leaves), DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)), key);
        await store.AppendCheckpointAsync(signed);
        return signed;
    }

    /// <summary>Reads every stored leaf hash.</summary>
    public static async Task<List<byte[]>> LeavesAsync(IAuditStore store) =>
        [.. (await TestRecords.ReadAllAsync(store)).Select(e => e.StoredLeafHash.ToArray())];

    /// <summary>Builds a container with the audit log over the PostgreSQL store of <paramref name="options"/>.</summary>
    public static ServiceProvider AuditLogServices(PostgreSqlAuditStoreOptions options, CheckpointSigningKey key)
    {
        var services = new ServiceCollection();
        services.AddTelehealthAudit(o => o.Origin = Origin)
            .UsePostgreSql(o =>
            {
                o.ConnectionString = options.ConnectionString;
                o.Schema = options.Schema;
                o.MaxBatchSize = options.MaxBatchSize;
            })
            .UseSigningKey(key);
        return services.BuildServiceProvider();
    }
}
