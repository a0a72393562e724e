using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Npgsql;
using NpgsqlTypes;
using Telehealth.Audit;
using Telehealth.Audit.PostgreSql;

namespace Telehealth.Benchmarks;

/// <summary>
/// Roots and inclusion proofs from the hash tiles of a 1,000,000-entry PostgreSQL audit log, served
/// as the audit log serves them (a <see cref="TileTree"/> that keeps full tiles and reads the right
/// edge afresh), beside the baseline of one tile read (one indexed query). Also opening a new store
/// instance and computing the root, which costs the same whatever the size of the log.
/// The log is written as version 0.1 left it (entries only, with COPY) and the tiles are then built
/// by opening the store; the setup prints how long each step took.
/// Needs TELEHEALTH_TEST_POSTGRES (an Npgsql connection string to a server where it may create and
/// drop a database). Run:
///   dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*PostgreSqlTileBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class PostgreSqlTileBenchmarks
{
    private const int Size = 1_000_000;
    private const int FullLeafTiles = Size / HashTileEdge.TileWidth;

    private readonly string _database = "th_audit_tiles_bench_" + Guid.NewGuid().ToString("N")[..12];
    private string _server = "";
    private PostgreSqlAuditStoreOptions _options = new();
    private PostgreSqlAuditStore? _store;
    private TileTree? _tree;
    private long _leaf;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = Environment.GetEnvironmentVariable("TELEHEALTH_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set TELEHEALTH_TEST_POSTGRES to an Npgsql connection string of a PostgreSQL server for this benchmark.");
        await PostgreSqlAuditStoreBenchmarks.ExecuteAsync(_server, $"CREATE DATABASE \"{_database}\"");
        _options = new PostgreSqlAuditStoreOptions { ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database, CommandTimeout = 300 }.ConnectionString };

        var started = Stopwatch.GetTimestamp();
        await WriteVersion01LogAsync();
        Console.WriteLine($"// Wrote {Size:N0} entries as version 0.1 did (no tiles) in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s.");

        started = Stopwatch.GetTimestamp();
        _store = await PostgreSqlAuditStore.OpenAsync(_options);
        Console.WriteLine($"// Built the tiles of {Size:N0} entries on open in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s.");

        _tree = new TileTree(_store.ReadTileAsync);
        var root = await _tree.RootAsync(Size, CancellationToken.None);
        Console.WriteLine($"// Root at {Size:N0}: {Convert.ToHexStringLower(root)}");
    }

    [Benchmark(Baseline = true, Description = "ReadTileAsync, one full level-0 tile (one query)")]
    public async Task<byte> ReadFullTile()
    {
        var tile = new byte[HashTileEdge.TileWidth * MerkleProofs.HashSize];
        await _store!.ReadTileAsync(0, NextLeaf() / HashTileEdge.TileWidth % FullLeafTiles, HashTileEdge.TileWidth, tile);
        return tile[0];
    }

    [Benchmark(Description = "Inclusion proof from tiles (n = 1,000,000)")]
    public async Task<int> InclusionProof() => (await _tree!.InclusionPathAsync(NextLeaf(), Size, CancellationToken.None)).Count;

    [Benchmark(Description = "Root from tiles (n = 1,000,000)")]
    public async Task<byte[]> Root() => await _tree!.RootAsync(Size, CancellationToken.None);

    [Benchmark(Description = "Open a new store instance + root (n = 1,000,000)")]
    public async Task<byte[]> OpenAndRoot()
    {
        await using var store = await PostgreSqlAuditStore.OpenAsync(_options);
        return await new TileTree(store.ReadTileAsync).RootAsync(Size, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await PostgreSqlAuditStoreBenchmarks.ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    /// <summary>Leaves spread over the whole log, so most proofs need a level-0 tile the cache does not hold.</summary>
    private long NextLeaf() => _leaf = (_leaf + 104_729) % Size;

    private async Task WriteVersion01LogAsync()
    {
        await PostgreSqlAuditStoreBenchmarks.ExecuteAsync(_options.ConnectionString!, """
            CREATE SCHEMA telehealth_audit;
            CREATE TABLE telehealth_audit.entries (sequence bigint PRIMARY KEY CHECK (sequence >= 0), data bytea NOT NULL, leaf_hash bytea NOT NULL CHECK (octet_length(leaf_hash) = 32));
            CREATE TABLE telehealth_audit.checkpoints (id bigserial PRIMARY KEY, note text NOT NULL);
            """);
        await using var connection = new NpgsqlConnection(_options.ConnectionString);
        await connection.OpenAsync();
        await using var importer = await connection.BeginBinaryImportAsync("COPY telehealth_audit.entries (sequence, data, leaf_hash) FROM STDIN (FORMAT BINARY)");
        var previous = new byte[MerkleProofs.HashSize];
        for (var first = 0; first < Size; first += 10_000)
        {
            var chained = AuditStoreWriter.Chain(first, previous, Enumerable.Range(first, 10_000).Select(BenchmarkRecords.Read).ToList());
            for (var i = 0; i < chained.Count; i++)
            {
                await importer.StartRowAsync();
                await importer.WriteAsync((long)(first + i), NpgsqlDbType.Bigint);
                await importer.WriteAsync(chained[i].Data, NpgsqlDbType.Bytea);
                await importer.WriteAsync(chained[i].LeafHash, NpgsqlDbType.Bytea);
            }

            previous = chained[^1].LeafHash;
        }

        await importer.CompleteAsync();
    }
}
