using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Evidence.Tests;

/// <summary>The README Quickstart runs as written, and the README shows exactly this code.</summary>
public sealed class ReadmeQuickstartTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Quickstart_runs()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var auditDirectory = _directory.Combine("audit");
        var complianceDirectory = _directory.Combine("compliance");

        // quickstart:begin
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(auditDirectory);
        services.AddTelehealthCompliance(o => o.StoreDirectory = complianceDirectory);
        services.AddTelehealthComplianceEvidence(o => o.MaxCheckpointAge = TimeSpan.FromMinutes(30));
        await using var provider = services.BuildServiceProvider();

        var register = provider.GetRequiredService<EvidenceRegister>();
        await register.CollectAsync(provider.GetServices<IEvidenceCollector>());
        await provider.GetRequiredService<IComplianceRecordStore>().SaveAsync(provider.GetRequiredService<ComplianceRecords>());
        Console.WriteLine(string.Join('\n', register.Items.Select(i => $"{i.Id}: {i.Outcome} ({i.Observation})")));
        // audit.checkpoint-age: Informational (...), audit.log-verification: Satisfied (...), baa.coverage: Informational (...)
        // quickstart:end

        Assert.Equal(["audit.checkpoint-age", "audit.log-verification", "baa.coverage"], register.Items.Select(i => i.Id));
        Assert.Equal([EvidenceOutcome.Informational, EvidenceOutcome.Satisfied, EvidenceOutcome.Informational], register.Items.Select(i => i.Outcome));
        Assert.True(File.Exists(Path.Combine(complianceDirectory, FileComplianceRecordStore.FileName)));
    }

    [Fact]
    public void Readme_shows_the_quickstart_that_runs() =>
        RepositoryFiles.AssertQuickstartMatches(
            RepositoryFiles.PathOf("tests", "Telehealth.Compliance.Evidence.Tests", "ReadmeQuickstartTests.cs"),
            RepositoryFiles.PathOf("src", "Telehealth.Compliance.Evidence", "README.md"));
}
