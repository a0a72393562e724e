using Npgsql;

namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>Round trips and compare-and-swap against a real PostgreSQL database.</summary>
public sealed class PostgreSqlKeyringStoreTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    [SkippableFact]
    public async Task Every_field_of_the_document_and_its_versions_round_trips_exactly()
    {
        await using var store = new PostgreSqlKeyringStore(database.NewSchema());
        var written = TestKeyrings.EveryState();

        Assert.True(await store.TryWriteAsync(written, 0));

        TestKeyrings.AssertSame(written, await store.LoadAsync(written.KeyringId));
    }

    [SkippableFact]
    public async Task A_second_store_instance_reads_what_the_first_wrote_in_relational_rows()
    {
        var options = database.NewSchema();
        await using var writer = new PostgreSqlKeyringStore(options);
        await using var reader = new PostgreSqlKeyringStore(options);
        var written = TestKeyrings.EveryState("rows");
        Assert.True(await writer.TryWriteAsync(written, 0));

        TestKeyrings.AssertSame(written, await reader.LoadAsync("rows"));

        await using var admin = await database.OpenAdminConnectionAsync();
        await using (var keyring = new NpgsqlCommand($"SELECT revision, minimum_decryption_version FROM \"{options.Schema}\".keyrings WHERE keyring_id = 'rows'", admin))
        await using (var row = await keyring.ExecuteReaderAsync())
        {
            Assert.True(await row.ReadAsync());
            Assert.Equal((1L, 2), (row.GetInt64(0), row.GetInt32(1)));
        }

        await using var versions = new NpgsqlCommand($"SELECT version, state, provider, created_at::timestamptz FROM \"{options.Schema}\".keyring_versions WHERE keyring_id = 'rows' ORDER BY version", admin);
        await using var rows = await versions.ExecuteReaderAsync();
        var states = new List<(int, string, string, DateTime)>();
        while (await rows.ReadAsync())
        {
            states.Add((rows.GetInt32(0), rows.GetString(1), rows.GetString(2), rows.GetDateTime(3)));
        }

        // The timestamps cast to timestamptz for queries; PostgreSQL rounds them to microseconds.
        Assert.Equal(
            written.Versions.Select(v => (v.Version, v.State.ToString(), v.Provider, new DateTime((v.CreatedAt.UtcTicks + 5) / 10 * 10, DateTimeKind.Utc))),
            states);
    }

    [SkippableFact]
    public async Task A_missing_keyring_loads_as_null_and_a_keyring_without_versions_loads_empty()
    {
        await using var store = new PostgreSqlKeyringStore(database.NewSchema());

        Assert.Null(await store.LoadAsync("missing"));

        var empty = new KeyringDocument { KeyringId = "empty", Revision = 1, Versions = [] };
        Assert.True(await store.TryWriteAsync(empty, 0));
        TestKeyrings.AssertSame(empty, await store.LoadAsync("empty"));
    }

    [SkippableFact]
    public async Task Writes_are_compare_and_swap_on_the_revision_and_replace_the_versions()
    {
        await using var store = new PostgreSqlKeyringStore(database.NewSchema());
        var first = TestKeyrings.EveryState("cas");
        Assert.True(await store.TryWriteAsync(first, 0));

        // Creating again, or writing from a stale revision, changes nothing.
        Assert.False(await store.TryWriteAsync(TestKeyrings.WithPrimary("cas", 1, "other-creator"), 0));
        var second = first with { Revision = 2, MinimumDecryptionVersion = 3, Versions = [.. first.Versions.Skip(2)] };
        Assert.True(await store.TryWriteAsync(second, 1));
        Assert.False(await store.TryWriteAsync(first with { Revision = 2 }, 1));
        Assert.False(await store.TryWriteAsync(first with { Revision = 4 }, 3));

        // Versions left out of a write are gone, not kept from the previous revision.
        TestKeyrings.AssertSame(second, await store.LoadAsync("cas"));
    }

    [SkippableFact]
    public async Task Keyrings_are_independent_and_schemas_are_separate_stores()
    {
        var options = database.NewSchema();
        await using var store = new PostgreSqlKeyringStore(options);
        await using var elsewhere = new PostgreSqlKeyringStore(database.NewSchema());

        Assert.True(await store.TryWriteAsync(TestKeyrings.WithPrimary("a", 1, "ref-a"), 0));
        Assert.True(await store.TryWriteAsync(TestKeyrings.WithPrimary("b", 1, "ref-b"), 0));
        Assert.True(await store.TryWriteAsync(TestKeyrings.WithPrimary("b", 2, "ref-b2"), 1));

        Assert.Equal("ref-a", (await store.LoadAsync("a"))!.Versions[0].ProviderReference);
        Assert.Equal("ref-b2", (await store.LoadAsync("b"))!.Versions[0].ProviderReference);
        Assert.Null(await elsewhere.LoadAsync("a"));
    }

    [SkippableFact]
    public async Task Without_CreateSchemaIfMissing_the_store_uses_tables_that_exist()
    {
        var options = database.NewSchema();
        await using (var creator = await PostgreSqlKeyringStore.OpenAsync(options))
        {
            Assert.True(await creator.TryWriteAsync(TestKeyrings.WithPrimary("made", 1, "ref"), 0));
        }

        options.CreateSchemaIfMissing = false;
        await using var store = new PostgreSqlKeyringStore(options);
        Assert.Equal("ref", (await store.LoadAsync("made"))!.Versions[0].ProviderReference);
    }

    [SkippableFact]
    public async Task Cancellation_passes_through_unchanged()
    {
        await using var store = new PostgreSqlKeyringStore(database.NewSchema());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.LoadAsync("x", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.TryWriteAsync(TestKeyrings.WithPrimary("x", 1, "r"), 0, cancelled.Token));
        Assert.Null(await store.LoadAsync("x"));
    }

    [Fact]
    public async Task Arguments_are_checked_before_any_connection()
    {
        await using var store = new PostgreSqlKeyringStore(new PostgreSqlKeyringStoreOptions { ConnectionString = "Host=127.0.0.1;Port=1" });

        await Assert.ThrowsAsync<ArgumentNullException>("keyringId", async () => await store.LoadAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>("keyringId", async () => await store.LoadAsync("no spaces"));
        await Assert.ThrowsAsync<ArgumentNullException>("document", async () => await store.TryWriteAsync(null!, 0));
        await Assert.ThrowsAsync<ArgumentException>("document", async () => await store.TryWriteAsync(TestKeyrings.WithPrimary("k", 3, "r"), 1));
        await Assert.ThrowsAsync<ArgumentException>("document", async () => await store.TryWriteAsync(TestKeyrings.WithPrimary("bad/id", 1, "r"), 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("expectedRevision", async () => await store.TryWriteAsync(TestKeyrings.WithPrimary("k", 0, "r"), -1));

        var twoPrimaries = TestKeyrings.WithPrimary("k", 1, "r") with
        {
            Versions = [TestKeyrings.Version(1, KeyEncryptionKeyState.Primary), TestKeyrings.Version(2, KeyEncryptionKeyState.Primary)],
        };
        var inconsistent = await Assert.ThrowsAsync<ArgumentException>("document", async () => await store.TryWriteAsync(twoPrimaries, 0));
        Assert.Equal("TH2039", Assert.IsType<CryptoException>(inconsistent.InnerException).Code);
    }

    [Fact]
    public async Task ToString_names_the_schema_and_never_the_connection_string_and_a_disposed_store_refuses_work()
    {
        var store = new PostgreSqlKeyringStore(new PostgreSqlKeyringStoreOptions { ConnectionString = "Host=db.internal;Username=app;Password=hunter2-secret", Schema = "keys" });

        Assert.Equal("PostgreSqlKeyringStore(schema keys)", store.ToString());

        await store.DisposeAsync();
        await store.DisposeAsync();
        store.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.LoadAsync("k"));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.TryWriteAsync(TestKeyrings.WithPrimary("k", 1, "r"), 0));
    }
}
