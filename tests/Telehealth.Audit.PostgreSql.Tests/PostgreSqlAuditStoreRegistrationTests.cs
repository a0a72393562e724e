using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>UsePostgreSql in a real container, with the audit log on a real PostgreSQL database.</summary>
public sealed class PostgreSqlAuditStoreRegistrationTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    [SkippableFact]
    public async Task The_audit_log_appends_and_checkpoints_through_the_registered_store()
    {
        var log = database.NewLog();
        using var key = CheckpointSigningKey.Generate("test");
        var services = new ServiceCollection();
        services.AddTelehealthAudit()
            .UsePostgreSql(o =>
            {
                o.ConnectionString = log.ConnectionString;
                o.Schema = log.Schema;
                o.MaxBatchSize = 128;
            })
            .UseSigningKey(key);

        await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            var store = Assert.IsType<PostgreSqlAuditStore>(provider.GetRequiredService<IAuditStore>());
            Assert.Same(store, provider.GetRequiredService<IAuditStore>());
            Assert.Equal(128, provider.GetRequiredService<IOptions<PostgreSqlAuditStoreOptions>>().Value.MaxBatchSize);

            var auditLog = provider.GetRequiredService<IAuditLog>();
            var first = await auditLog.AppendAsync(TestRecords.Read("r-1"));
            var second = await auditLog.AppendAsync(TestRecords.Read("r-2"));
            var checkpoint = await auditLog.CheckpointAsync();

            Assert.Equal([0L, 1L], [first.Sequence, second.Sequence]);
            Assert.Equal(2, checkpoint.Checkpoint.TreeSize);
            Assert.True(checkpoint.IsSignedBy(key.VerifierKey));
        }

        // The container disposed the store; a fresh one sees what the log stored.
        await using var reopened = new PostgreSqlAuditStore(log);
        var stored = await TestRecords.ReadAllAsync(reopened);
        Assert.Equal(2, stored.Count);
        TestRecords.AssertChained(stored);
        var notes = new List<string>();
        await foreach (var note in reopened.ReadCheckpointsAsync())
        {
            notes.Add(note);
        }

        var parsed = SignedCheckpoint.Parse(Assert.Single(notes));
        Assert.True(parsed.IsSignedBy(key.VerifierKey));
        Assert.True(parsed.Checkpoint.RootHash.Span.SequenceEqual(MerkleProofs.RootOf(stored.Select(e => e.StoredLeafHash.ToArray()).ToArray())));
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_with_the_exact_message()
    {
        var services = new ServiceCollection();
        services.AddTelehealthAudit().UsePostgreSql(o => o.Schema = "telehealth_audit");
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal("PostgreSqlAuditStoreOptions.ConnectionString is required.", error.Message);
        var resolve = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgreSqlAuditStoreOptions>>().Value);
        Assert.Equal("PostgreSqlAuditStoreOptions.ConnectionString is required.", resolve.Message);
    }

    [Fact]
    public void UsePostgreSql_checks_its_arguments()
    {
        Assert.Throws<ArgumentNullException>("builder", () => TelehealthAuditPostgreSqlBuilderExtensions.UsePostgreSql(null!, _ => { }));
        var builder = new ServiceCollection().AddTelehealthAudit();
        Assert.Throws<ArgumentNullException>("configure", () => builder.UsePostgreSql(null!));
    }
}
