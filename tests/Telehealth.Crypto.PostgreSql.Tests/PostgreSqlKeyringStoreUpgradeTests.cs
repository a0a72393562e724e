using Npgsql;

namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>Tables created by version 0.1 (without the wrap counter) against a real PostgreSQL database.</summary>
public sealed class PostgreSqlKeyringStoreUpgradeTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    [SkippableFact]
    public async Task Tables_of_version_0_1_get_the_wrap_counter_and_their_keyrings_read_with_no_wraps_reserved()
    {
        var options = database.NewSchema();
        await CreateVersion01TablesAsync(options.Schema);

        await using var store = new PostgreSqlKeyringStore(options);
        var old = await store.LoadAsync("default");
        Assert.Equal(0, Assert.Single(old!.Versions).WrapsReserved);

        var next = old with { Revision = 2, Versions = [old.Versions[0] with { WrapsReserved = 65_536 }] };
        Assert.True(await store.TryWriteAsync(next, 1));
        Assert.Equal(65_536, (await store.LoadAsync("default"))!.Versions[0].WrapsReserved);
    }

    [SkippableFact]
    public async Task Without_CreateSchemaIfMissing_tables_of_version_0_1_are_refused_with_TH2046_and_left_unchanged()
    {
        var options = database.NewSchema();
        options.CreateSchemaIfMissing = false;
        await CreateVersion01TablesAsync(options.Schema);

        await using var store = new PostgreSqlKeyringStore(options);
        Assert.Equal("TH2046", (await Assert.ThrowsAsync<CryptoException>(() => store.LoadAsync("default").AsTask())).Code);

        await using var admin = await database.OpenAdminConnectionAsync();
        await using var columns = new NpgsqlCommand($"SELECT count(*) FROM information_schema.columns WHERE table_schema = '{options.Schema}' AND table_name = 'keyring_versions'", admin);
        Assert.Equal(8L, await columns.ExecuteScalarAsync());
    }

    private async Task CreateVersion01TablesAsync(string schema)
    {
        await using var admin = await database.OpenAdminConnectionAsync();
        await using var create = new NpgsqlCommand(
            $"""
            CREATE SCHEMA "{schema}";
            CREATE TABLE "{schema}".keyrings (keyring_id text PRIMARY KEY, revision bigint NOT NULL, minimum_decryption_version int NOT NULL);
            CREATE TABLE "{schema}".keyring_versions (
                keyring_id text NOT NULL REFERENCES "{schema}".keyrings (keyring_id) ON DELETE CASCADE,
                version int NOT NULL, state text NOT NULL, provider text NOT NULL, provider_reference text NOT NULL,
                created_at text NOT NULL, promoted_at text, state_changed_at text NOT NULL,
                PRIMARY KEY (keyring_id, version));
            INSERT INTO "{schema}".keyrings VALUES ('default', 1, 1);
            INSERT INTO "{schema}".keyring_versions VALUES ('default', 1, 'Primary', 'local', 'sealed', '2026-11-02T09:00:00.0000000+00:00', '2026-11-02T09:00:00.0000000+00:00', '2026-11-02T09:00:00.0000000+00:00');
            """,
            admin);
        await create.ExecuteNonQueryAsync();
    }
}
