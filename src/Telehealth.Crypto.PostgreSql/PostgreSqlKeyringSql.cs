using System.Text;

namespace Telehealth.Crypto.PostgreSql;

/// <summary>
/// The SQL of one schema. The schema name was validated as a plain identifier and is quoted as
/// well; every value travels as a parameter.
/// </summary>
internal sealed class PostgreSqlKeyringSql
{
    /// <summary>The advisory lock class of schema creation ("TH20" in ASCII), so the lock is easy to spot in <c>pg_locks</c>.</summary>
    public const int LockClass = 0x54483230;

    private const string VersionColumns = "version, state, provider, provider_reference, created_at, promoted_at, state_changed_at, wraps_reserved";

    public PostgreSqlKeyringSql(string schema)
    {
        var s = "\"" + schema + "\"";
        KeyringsName = s + ".keyrings";
        VersionsName = s + ".keyring_versions";
        Lock = $"SELECT pg_advisory_xact_lock({LockClass}, {Fnv1a(schema)})";

        // Timestamps are ISO 8601 round-trip text: timestamptz keeps microseconds and no offset, so it
        // cannot hold a DateTimeOffset exactly. The text still casts with ::timestamptz for queries.
        CreateTables =
            $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE IF NOT EXISTS {KeyringsName} (
                keyring_id text PRIMARY KEY,
                revision bigint NOT NULL,
                minimum_decryption_version int NOT NULL);
            CREATE TABLE IF NOT EXISTS {VersionsName} (
                keyring_id text NOT NULL REFERENCES {KeyringsName} (keyring_id) ON DELETE CASCADE,
                version int NOT NULL,
                state text NOT NULL,
                provider text NOT NULL,
                provider_reference text NOT NULL,
                created_at text NOT NULL,
                promoted_at text,
                state_changed_at text NOT NULL,
                wraps_reserved bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (keyring_id, version));
            """;

        // Tables created by version 0.1 lack the wrap counter.
        HasWrapCounter =
            $"""
            SELECT EXISTS (SELECT 1 FROM information_schema.columns
                           WHERE table_schema = @schema AND table_name = 'keyring_versions' AND column_name = 'wraps_reserved')
            """;
        AddWrapCounter = $"ALTER TABLE {VersionsName} ADD COLUMN IF NOT EXISTS wraps_reserved bigint NOT NULL DEFAULT 0";

        // One statement reads the keyring and its versions, so both come from one snapshot.
        Load =
            $"""
            SELECT k.revision, k.minimum_decryption_version,
                   v.version, v.state, v.provider, v.provider_reference, v.created_at, v.promoted_at, v.state_changed_at, v.wraps_reserved
            FROM {KeyringsName} k LEFT JOIN {VersionsName} v ON v.keyring_id = k.keyring_id
            WHERE k.keyring_id = @keyring_id
            ORDER BY v.version
            """;
        Insert = $"INSERT INTO {KeyringsName} (keyring_id, revision, minimum_decryption_version) VALUES (@keyring_id, @revision, @minimum) ON CONFLICT (keyring_id) DO NOTHING";
        Update = $"UPDATE {KeyringsName} SET revision = @revision, minimum_decryption_version = @minimum WHERE keyring_id = @keyring_id AND revision = @expected";
        DeleteVersions = $"DELETE FROM {VersionsName} WHERE keyring_id = @keyring_id";
        InsertVersions =
            $"""
            INSERT INTO {VersionsName} (keyring_id, {VersionColumns})
            SELECT @keyring_id, * FROM unnest(@versions, @states, @providers, @references, @created, @promoted, @changed, @wraps)
            """;
    }

    public string KeyringsName { get; }

    public string VersionsName { get; }

    /// <summary>Gets the statement that serializes schema creation across every node until the transaction ends.</summary>
    public string Lock { get; }

    public string CreateTables { get; }

    /// <summary>Gets the query telling whether the versions table has the wrap counter (tables of version 0.1 do not).</summary>
    public string HasWrapCounter { get; }

    /// <summary>Gets the statement that adds the wrap counter to the versions table of version 0.1.</summary>
    public string AddWrapCounter { get; }

    public string Load { get; }

    /// <summary>Gets the compare-and-swap for a new keyring: it inserts nothing when the keyring already exists.</summary>
    public string Insert { get; }

    /// <summary>Gets the compare-and-swap for an existing keyring: it updates nothing unless the stored revision is the expected one.</summary>
    public string Update { get; }

    public string DeleteVersions { get; }

    public string InsertVersions { get; }

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
