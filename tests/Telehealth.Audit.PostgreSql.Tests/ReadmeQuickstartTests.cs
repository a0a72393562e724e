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
    public void Readme_shows_the_quickstart_that_runs()
    {
        var root = RepositoryRoot();
        var testSource = File.ReadAllLines(Path.Combine(root, "tests", "Telehealth.Audit.PostgreSql.Tests", "ReadmeQuickstartTests.cs"));
        var begin = Array.FindIndex(testSource, l => l.Trim() == "// quickstart:begin");
        var end = Array.FindIndex(testSource, l => l.Trim() == "// quickstart:end");
        var indent = testSource[begin].IndexOf('/', StringComparison.Ordinal);
        var expected = testSource[(begin + 1)..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart());

        var readme = File.ReadAllLines(Path.Combine(root, "src", "Telehealth.Audit.PostgreSql", "README.md"));
        var section = Array.FindIndex(readme, l => l == "## Quickstart");
        var open = Array.FindIndex(readme, section, l => l == "```csharp");
        var close = Array.FindIndex(readme, open + 1, l => l == "```");

        Assert.Equal(expected, readme[(open + 1)..close]);
    }

    // Not [CallerFilePath]: CI builds map source paths (ContinuousIntegrationBuild).
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Sdk.sln was not found above the test output directory; run the tests from a checkout of the repository.");
    }
}
