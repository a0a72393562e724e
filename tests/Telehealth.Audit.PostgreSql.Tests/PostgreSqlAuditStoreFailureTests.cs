using Npgsql;

namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>Failures against a real PostgreSQL database reach the caller as <see cref="AuditStoreException"/> and leave nothing partial.</summary>
public sealed class PostgreSqlAuditStoreFailureTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    [SkippableFact]
    public async Task A_database_that_does_not_exist_fails_appends_with_TH1042_and_reveals_no_connection_details()
    {
        var missing = "th_missing_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = missing }.ConnectionString;
        await using var store = new PostgreSqlAuditStore(new PostgreSqlAuditStoreOptions { ConnectionString = connectionString });

        var append = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.AppendAsync(TestRecords.Read("r-1")));
        Assert.Equal("TH1042", append.Code);
        Assert.DoesNotContain(missing, append.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Host=", append.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<PostgresException>(append.InnerException, exactMatch: false);

        // The writer keeps running: the next append is tried again, and fails the same way.
        var again = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.AppendAsync(TestRecords.Read("r-2")));
        Assert.Equal("TH1042", again.Code);
        await Assert.ThrowsAsync<AuditStoreException>(() => PostgreSqlAuditStore.OpenAsync(new PostgreSqlAuditStoreOptions { ConnectionString = connectionString }));
    }

    [SkippableFact]
    public async Task A_batch_that_fails_after_inserting_leaves_nothing_and_the_writer_goes_on()
    {
        var options = database.NewLog();
        await using var store = new PostgreSqlAuditStore(options);
        for (var i = 0; i < 5; i++)
        {
            await store.AppendAsync(TestRecords.Read($"ok-{i}"));
        }

        // A statement-level trigger fails each insert after all of its rows are written, so a
        // store that committed part of a batch would leave rows behind.
        await using var admin = await database.OpenAdminConnectionAsync();
        await ExecuteAsync(admin, $"""
            CREATE FUNCTION "{options.Schema}".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$;
            CREATE TRIGGER refuse AFTER INSERT ON "{options.Schema}".entries FOR EACH STATEMENT EXECUTE FUNCTION "{options.Schema}".refuse();
            """);

        var attempts = Enumerable.Range(0, 20).Select(i => store.AppendAsync(TestRecords.Read($"refused-{i}")).AsTask()).ToArray();
        foreach (var attempt in attempts)
        {
            var failure = await Assert.ThrowsAsync<AuditStoreException>(() => attempt);
            Assert.Equal("TH1040", failure.Code);
            Assert.DoesNotContain("refused-", failure.Message, StringComparison.Ordinal);
        }

        Assert.Equal(5, await store.GetCountAsync());

        await ExecuteAsync(admin, $"DROP TRIGGER refuse ON \"{options.Schema}\".entries");
        var next = await store.AppendAsync(TestRecords.Read("ok-5"));
        Assert.Equal(5, next.Sequence);
        var stored = await TestRecords.ReadAllAsync(store);
        TestRecords.AssertChained(stored);
        Assert.DoesNotContain(stored, e => AuditEntry.Decode(e.Data.Span).Record.Resource.Id.StartsWith("refused-", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_record_that_cannot_be_encoded_fails_its_batch_and_the_writer_goes_on()
    {
        var options = database.NewLog();
        await using var store = new PostgreSqlAuditStore(options);

        // IAuditStore takes records the audit log already validated; a broken one must still not stop the writer.
        var broken = TestRecords.Read("broken") with { Actor = null! };
        var failure = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.AppendAsync(broken));
        Assert.Equal("TH1040", failure.Code);

        Assert.Equal(0, (await store.AppendAsync(TestRecords.Read("ok"))).Sequence);
        Assert.Equal(1, await store.GetCountAsync());
    }

    [SkippableFact]
    public async Task A_table_dropped_mid_run_fails_appends_with_TH1040_and_reads_with_TH1043()
    {
        var options = database.NewLog();
        await using var store = new PostgreSqlAuditStore(options);
        await store.AppendAsync(TestRecords.Read("ok"));

        await using var admin = await database.OpenAdminConnectionAsync();
        await ExecuteAsync(admin, $"DROP TABLE \"{options.Schema}\".entries");

        var append = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.AppendAsync(TestRecords.Read("lost")));
        Assert.Equal("TH1040", append.Code);
        var count = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.GetCountAsync());
        Assert.Equal("TH1043", count.Code);
        await Assert.ThrowsAsync<AuditStoreException>(() => TestRecords.ReadAllAsync(store));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
