using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using Telehealth.Audit;
using Telehealth.Audit.PostgreSql;

namespace Telehealth.Benchmarks;

/// <summary>
/// Durable appends per second to one PostgreSQL audit log from two store instances (two nodes) with
/// 32 concurrent appenders each, beside a baseline of plain Npgsql INSERTs of the same entry bytes
/// with one transaction per record, at the same concurrency. Each operation is one record.
/// Needs TELEHEALTH_TEST_POSTGRES (an Npgsql connection string to a server where it may create and
/// drop a database). Run:
///   dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*PostgreSqlAuditStore*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class PostgreSqlAuditStoreBenchmarks
{
    private const int Nodes = 2;
    private const int AppendersPerNode = 32;
    private const int AppendsPerAppender = 500;
    private const int Appenders = Nodes * AppendersPerNode;
    private const int RecordsPerInvoke = Appenders * AppendsPerAppender;

    private readonly string _database = "th_audit_bench_" + Guid.NewGuid().ToString("N")[..12];
    private string _server = "";
    private PostgreSqlAuditStore[] _nodes = [];
    private NpgsqlDataSource? _baseline;
    private AuditRecord[] _records = [];
    private (byte[] Data, byte[] LeafHash)[] _encoded = [];
    private long _baselineNext = -1;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = Environment.GetEnvironmentVariable("TELEHEALTH_TEST_POSTGRES")
            ?? throw new InvalidOperationException("Set TELEHEALTH_TEST_POSTGRES to an Npgsql connection string of a PostgreSQL server for this benchmark.");
        await ExecuteAsync(_server, $"CREATE DATABASE \"{_database}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database, MaxPoolSize = 200 }.ConnectionString;

        var options = new PostgreSqlAuditStoreOptions { ConnectionString = connectionString };
        _nodes = [new PostgreSqlAuditStore(options), new PostgreSqlAuditStore(options)];
        foreach (var node in _nodes)
        {
            await node.GetCountAsync();
        }

        _records = Enumerable.Range(0, RecordsPerInvoke).Select(i => new AuditRecord
        {
            Actor = new AuditActor("u-" + (i % 97), AuditActorType.User, "clinician"),
            Action = "phi.read",
            Resource = new AuditResource("patient-record", "r-" + i),
            OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 + i),
        }).ToArray();

        // The baseline stores exactly the bytes the store would: the same records, encoded and chained.
        _encoded = [.. AuditStoreWriter.Chain(0, new byte[MerkleProofs.HashSize], _records)];
        await ExecuteAsync(connectionString, "CREATE TABLE baseline_entries (sequence bigint PRIMARY KEY, data bytea NOT NULL, leaf_hash bytea NOT NULL)");
        _baseline = NpgsqlDataSource.Create(connectionString);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordsPerInvoke, Description = "Plain INSERT, one transaction per record")]
    public Task PlainInsertPerRecord() => Task.WhenAll(Enumerable.Range(0, Appenders).Select(async a =>
    {
        await using var connection = await _baseline!.OpenConnectionAsync();
        await using var insert = new NpgsqlCommand("INSERT INTO baseline_entries (sequence, data, leaf_hash) VALUES (@sequence, @data, @leaf_hash)", connection);
        var sequence = new NpgsqlParameter<long> { ParameterName = "sequence" };
        var data = new NpgsqlParameter<byte[]> { ParameterName = "data" };
        var leafHash = new NpgsqlParameter<byte[]> { ParameterName = "leaf_hash" };
        insert.Parameters.Add(sequence);
        insert.Parameters.Add(data);
        insert.Parameters.Add(leafHash);
        for (var i = 0; i < AppendsPerAppender; i++)
        {
            var entry = _encoded[(a * AppendsPerAppender) + i];
            sequence.TypedValue = Interlocked.Increment(ref _baselineNext);
            data.TypedValue = entry.Data;
            leafHash.TypedValue = entry.LeafHash;
            await insert.ExecuteNonQueryAsync();
        }
    }));

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke, Description = "PostgreSqlAuditStore, 2 nodes x 32 appenders")]
    public Task StoreAppends() => Task.WhenAll(Enumerable.Range(0, Appenders).Select(async a =>
    {
        var node = _nodes[a % Nodes];
        for (var i = 0; i < AppendsPerAppender; i++)
        {
            await node.AppendAsync(_records[(a * AppendsPerAppender) + i]);
        }
    }));

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_baseline is not null)
        {
            await _baseline.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
    }

    /// <summary>Runs one statement on its own connection (the PostgreSQL benchmarks' setup and cleanup).</summary>
    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
