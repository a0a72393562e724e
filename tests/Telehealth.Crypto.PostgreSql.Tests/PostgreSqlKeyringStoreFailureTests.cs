using Npgsql;

namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>Failures of a real PostgreSQL server reach the caller as <see cref="CryptoException"/> with this package's codes, and never reveal the connection string.</summary>
public sealed class PostgreSqlKeyringStoreFailureTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    private const string Password = "pw-7f3c9a1e-not-to-be-shown";

    [Fact]
    public async Task An_unreachable_server_fails_with_TH2046_and_reveals_no_password()
    {
        var options = new PostgreSqlKeyringStoreOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port=1;Username=app;Password={Password};Timeout=2",
        };
        await using var store = new PostgreSqlKeyringStore(options);

        var load = await Assert.ThrowsAsync<CryptoException>(async () => await store.LoadAsync("k"));
        var write = await Assert.ThrowsAsync<CryptoException>(async () => await store.TryWriteAsync(TestKeyrings.WithPrimary("k", 1, "r"), 0));
        var open = await Assert.ThrowsAsync<CryptoException>(() => PostgreSqlKeyringStore.OpenAsync(options));

        foreach (var error in new[] { load, write, open })
        {
            Assert.Equal("TH2046", error.Code);
            Assert.IsType<NpgsqlException>(error.InnerException, exactMatch: false);
            AssertReveals(error, nothingOf: Password);
        }
    }

    [SkippableFact]
    public async Task A_wrong_password_fails_with_TH2046_and_reveals_no_password()
    {
        var role = "th_keyring_" + Guid.NewGuid().ToString("N")[..12];
        await database.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'the-right-one-{Guid.NewGuid():N}'");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = Password }.ConnectionString;
            await using var store = new PostgreSqlKeyringStore(new PostgreSqlKeyringStoreOptions { ConnectionString = connectionString });

            var error = await Assert.ThrowsAsync<CryptoException>(async () => await store.LoadAsync("k"));

            Assert.Equal("TH2046", error.Code);
            Assert.Equal("28P01", Assert.IsType<PostgresException>(error.InnerException).SqlState);
            AssertReveals(error, nothingOf: Password);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await database.ExecuteAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    [SkippableFact]
    public async Task Missing_tables_without_CreateSchemaIfMissing_fail_with_TH2046_and_create_nothing()
    {
        var options = database.NewSchema();
        options.CreateSchemaIfMissing = false;
        await using var store = new PostgreSqlKeyringStore(options);

        var error = await Assert.ThrowsAsync<CryptoException>(async () => await store.LoadAsync("k"));

        Assert.Equal("TH2046", error.Code);
        Assert.Null(error.InnerException);
        await using var admin = await database.OpenAdminConnectionAsync();
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname = @schema", admin);
        exists.Parameters.AddWithValue("schema", options.Schema);
        Assert.Equal(0L, await exists.ExecuteScalarAsync());
    }

    [SkippableFact]
    public async Task Tables_dropped_after_opening_fail_loads_with_TH2047_and_writes_with_TH2048()
    {
        var options = database.NewSchema();
        await using var store = await PostgreSqlKeyringStore.OpenAsync(options);
        Assert.True(await store.TryWriteAsync(TestKeyrings.WithPrimary("k", 1, "r"), 0));
        await database.ExecuteAsync($"DROP TABLE \"{options.Schema}\".keyring_versions");

        var load = await Assert.ThrowsAsync<CryptoException>(async () => await store.LoadAsync("k"));
        var write = await Assert.ThrowsAsync<CryptoException>(async () => await store.TryWriteAsync(TestKeyrings.WithPrimary("k", 2, "r2"), 1));

        Assert.Equal("TH2047", load.Code);
        Assert.Equal("TH2048", write.Code);
        Assert.Equal("42P01", Assert.IsType<PostgresException>(write.InnerException).SqlState);

        // The failed write was rolled back: the keyring row still has revision 1.
        await using var admin = await database.OpenAdminConnectionAsync();
        await using var revision = new NpgsqlCommand($"SELECT revision FROM \"{options.Schema}\".keyrings WHERE keyring_id = 'k'", admin);
        Assert.Equal(1L, await revision.ExecuteScalarAsync());
    }

    [SkippableFact]
    public async Task A_write_refused_by_the_database_rolls_back_the_revision_swap()
    {
        var options = database.NewSchema();
        await using var store = await PostgreSqlKeyringStore.OpenAsync(options);
        Assert.True(await store.TryWriteAsync(TestKeyrings.WithPrimary("k", 1, "kept"), 0));
        await database.ExecuteAsync($"ALTER TABLE \"{options.Schema}\".keyring_versions ADD CONSTRAINT short_reference CHECK (length(provider_reference) < 10)");

        var write = await Assert.ThrowsAsync<CryptoException>(async () => await store.TryWriteAsync(TestKeyrings.WithPrimary("k", 2, "far-too-long-reference"), 1));

        Assert.Equal("TH2048", write.Code);
        Assert.DoesNotContain("far-too-long-reference", write.Message, StringComparison.Ordinal);
        var stored = await store.LoadAsync("k");
        Assert.Equal((1L, "kept"), (stored!.Revision, stored.Versions[0].ProviderReference));
        Assert.True(await store.TryWriteAsync(TestKeyrings.WithPrimary("k", 2, "short"), 1));
    }

    private static void AssertReveals(CryptoException error, string nothingOf)
    {
        Assert.DoesNotContain(nothingOf, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Host=", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
