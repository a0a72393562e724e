using System.Text;

namespace Telehealth.Audit.PostgreSql;

/// <summary>
/// The SQL of one log (one schema). The schema name was validated as a plain identifier and is
/// quoted as well; every value travels as a parameter.
/// </summary>
internal sealed class PostgreSqlAuditSql
{
    /// <summary>The advisory lock class every log uses ("TH10" in ASCII), so the lock is easy to spot in <c>pg_locks</c>.</summary>
    public const int LockClass = 0x54483130;

    public PostgreSqlAuditSql(string schema)
    {
        var s = "\"" + schema + "\"";
        LockObject = Fnv1a(schema);
        EntriesName = s + ".entries";
        CheckpointsName = s + ".checkpoints";
        Lock = $"SELECT pg_advisory_xact_lock({LockClass}, {LockObject})";
        CreateSchema =
            $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {EntriesName} (
                sequence bigint PRIMARY KEY CHECK (sequence >= 0),
                data bytea NOT NULL,
                leaf_hash bytea NOT NULL CHECK (octet_length(leaf_hash) = 32));
            CREATE TABLE IF NOT EXISTS {CheckpointsName} (
                id bigserial PRIMARY KEY,
                note text NOT NULL);
            """;
        Tail = $"SELECT sequence, leaf_hash FROM {EntriesName} ORDER BY sequence DESC LIMIT 1";
        Insert = $"INSERT INTO {EntriesName} (sequence, data, leaf_hash) SELECT * FROM unnest(@sequences, @data, @leaf_hashes)";
        Count = $"SELECT COALESCE(MAX(sequence) + 1, 0) FROM {EntriesName}";
        ReadPage = $"SELECT sequence, data, leaf_hash FROM {EntriesName} WHERE sequence >= @from ORDER BY sequence LIMIT @limit";
        InsertCheckpoint = $"INSERT INTO {CheckpointsName} (note) VALUES (@note)";
        ReadCheckpoints = $"SELECT note FROM {CheckpointsName} ORDER BY id";
    }

    /// <summary>Gets the advisory lock object id: a stable hash of the schema name, so separate logs do not block each other.</summary>
    public int LockObject { get; }

    public string EntriesName { get; }

    public string CheckpointsName { get; }

    /// <summary>Gets the statement that serializes appenders (and schema creation) across every node until the transaction ends.</summary>
    public string Lock { get; }

    public string CreateSchema { get; }

    public string Tail { get; }

    public string Insert { get; }

    /// <summary>Gets the count query: sequences are gap-free from zero, so the count is the highest one plus one, read from the primary key index.</summary>
    public string Count { get; }

    public string ReadPage { get; }

    public string InsertCheckpoint { get; }

    public string ReadCheckpoints { get; }

    private static int Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return unchecked((int)hash);
    }
}
