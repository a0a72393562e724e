using Microsoft.Extensions.DependencyInjection;

namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>The README Quickstart, run against a real PostgreSQL database, and kept equal to the README.</summary>
public sealed class ReadmeQuickstartTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>
{
    [SkippableFact]
    public async Task Quickstart_runs()
    {
        var connectionString = database.ConnectionString;
        using var signingKey = CheckpointSigningKey.Generate("clinic.example");

        // quickstart:begin
        var services = new ServiceCollection();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit")
            .UsePostgreSql(o => o.ConnectionString = connectionString)
            .UseSigningKey(signingKey);

        await using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<IAuditLog>();
        var stored = await audit.AppendAsync(new AuditRecord
        {
            Actor = new AuditActor("u-1", AuditActorType.User, "clinician"),
            Action = "phi.read",
            Resource = new AuditResource("patient-record", "r-42"),
        });
        // quickstart:end

        Assert.Equal(0, stored.Sequence);
        Assert.Equal(1, await provider.GetRequiredService<IAuditStore>().GetCountAsync());
    }

    [Fact]
    public void Readme_shows_the_quickstart_that_runs() =>
        RepositoryFiles.AssertQuickstartMatches(
            RepositoryFiles.PathOf("tests", "Telehealth.Audit.PostgreSql.Tests", "ReadmeQuickstartTests.cs"),
            RepositoryFiles.PathOf("src", "Telehealth.Audit.PostgreSql", "README.md"));
}
