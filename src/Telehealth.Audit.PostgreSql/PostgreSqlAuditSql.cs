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

    /// <summary>Bytes of one hash.</summary>
    public const int HashSize = MerkleProofs.HashSize;

    /// <summary>Bytes of a full hash tile.</summary>
    public const int FullTileBytes = HashTileEdge.TileWidth * HashSize;

    public PostgreSqlAuditSql(string schema)
    {
        var s = "\"" + schema + "\"";
        LockObject = Fnv1a(schema);
        EntriesName = s + ".entries";
        CheckpointsName = s + ".checkpoints";
        TilesName = s + ".tiles";
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
            CREATE TABLE IF NOT EXISTS {TilesName} (
                level smallint NOT NULL CONSTRAINT tiles_level_range CHECK (level BETWEEN 0 AND {HashTileEdge.MaxLevel}),
                index bigint NOT NULL CONSTRAINT tiles_index_range CHECK (index >= 0),
                hashes bytea NOT NULL CONSTRAINT tiles_whole_hashes CHECK (octet_length(hashes) BETWEEN {HashSize} AND {FullTileBytes} AND octet_length(hashes) % {HashSize} = 0),
                PRIMARY KEY (level, index));
            """;
        Tail = $"SELECT sequence, leaf_hash FROM {EntriesName} ORDER BY sequence DESC LIMIT 1";
        LastTiles =
            $"""
            SELECT t.level, t.index, t.hashes
            FROM generate_series(0, {HashTileEdge.MaxLevel}) AS l(level)
            CROSS JOIN LATERAL (SELECT x.level, x.index, x.hashes FROM {TilesName} AS x WHERE x.level = l.level ORDER BY x.index DESC LIMIT 1) AS t
            ORDER BY t.level
            """;
        LastTileLeaves =
            $"""
            SELECT COUNT(*), COALESCE(MIN(sequence), 0), COALESCE(MAX(sequence), -1), COALESCE(string_agg(leaf_hash, ''::bytea ORDER BY sequence), ''::bytea)
            FROM (SELECT sequence, leaf_hash FROM {EntriesName}
                WHERE sequence >= (SELECT LEAST(COALESCE(MAX(index), 0), {long.MaxValue / HashTileEdge.TileWidth}) * {HashTileEdge.TileWidth} FROM {TilesName} WHERE level = 0)
                ORDER BY sequence LIMIT @limit) AS l
            """;
        Insert = $"INSERT INTO {EntriesName} (sequence, data, leaf_hash) SELECT * FROM unnest(@sequences, @data, @leaf_hashes)";
        WriteTiles =
            $"""
            INSERT INTO {TilesName} AS t (level, index, hashes) SELECT * FROM unnest(@levels, @indexes, @hashes)
            ON CONFLICT (level, index) DO UPDATE SET hashes = EXCLUDED.hashes
            WHERE octet_length(t.hashes) < octet_length(EXCLUDED.hashes)
                AND substring(EXCLUDED.hashes FROM 1 FOR octet_length(t.hashes)) = t.hashes
            """;
        ReadTile = $"SELECT hashes FROM {TilesName} WHERE level = @level AND index = @index";
        Count = $"SELECT COALESCE(MAX(sequence) + 1, 0) FROM {EntriesName}";
        ReadPage = $"SELECT sequence, data, leaf_hash FROM {EntriesName} WHERE sequence >= @from ORDER BY sequence LIMIT @limit";
        InsertCheckpoint = $"INSERT INTO {CheckpointsName} (note) VALUES (@note)";
        ReadCheckpoints = $"SELECT note FROM {CheckpointsName} ORDER BY id";
        ReadLatestCheckpoint = $"SELECT note FROM {CheckpointsName} ORDER BY id DESC LIMIT 1";
    }

    /// <summary>Gets the advisory lock object id: a stable hash of the schema name, so separate logs do not block each other.</summary>
    public int LockObject { get; }

    public string EntriesName { get; }

    public string CheckpointsName { get; }

    public string TilesName { get; }

    /// <summary>Gets the statement that serializes appenders (and schema creation) across every node until the transaction ends.</summary>
    public string Lock { get; }

    public string CreateSchema { get; }

    public string Tail { get; }

    /// <summary>Gets the query of the last (highest) tile of every level, full or partial: at most eight index probes.</summary>
    public string LastTiles { get; }

    /// <summary>
    /// Gets the query of the stored leaf hashes from the first entry of the last level-0 tile on, at
    /// most <c>@limit</c> of them (the leaves the last tile must equal, then the entries the tiles do
    /// not cover yet), as one row: how many, the first and last sequence, and the hashes concatenated.
    /// </summary>
    public string LastTileLeaves { get; }

    public string Insert { get; }

    /// <summary>
    /// Gets the statement that stores new tiles and extends stored ones. A stored tile is only ever
    /// replaced by a longer one that starts with it, so a full tile never changes; a row that would
    /// change otherwise is left alone and missing from the row count, which the writer checks.
    /// </summary>
    public string WriteTiles { get; }

    /// <summary>Gets the query of one tile.</summary>
    public string ReadTile { get; }

    /// <summary>Gets the count query: sequences are gap-free from zero, so the count is the highest one plus one, read from the primary key index.</summary>
    public string Count { get; }

    public string ReadPage { get; }

    public string InsertCheckpoint { get; }

    public string ReadCheckpoints { get; }

    public string ReadLatestCheckpoint { get; }

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
