using Microsoft.Extensions.DependencyInjection;

namespace Telehealth.Audit.Tests;

/// <summary>The README Quickstart runs as written, and the README shows exactly this code.</summary>
public sealed class ReadmeQuickstartTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Quickstart_runs()
    {
        var auditDirectory = _dir.Path;

        // quickstart:begin
        var services = new ServiceCollection().AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit")
            .UseFileStore(auditDirectory);

        await using var provider = services.BuildServiceProvider();
        var audit = provider.GetRequiredService<IAuditLog>();
        var stored = await audit.AppendAsync(new AuditRecord
        {
            Actor = new AuditActor("u-1842", AuditActorType.User, "clinician"),
            Action = "phi.read",
            Resource = new AuditResource("patient-record", "pr-93a1"),
            PurposeOfUse = PurposeOfUse.Treatment,
        });
        var checkpoint = await audit.CheckpointAsync();
        var proof = await audit.GetInclusionProofAsync(stored.Sequence, checkpoint.Checkpoint.TreeSize);
        Console.WriteLine(proof.Verify(stored.LeafHash.Span, checkpoint.Checkpoint.RootHash.Span)); // True
        // quickstart:end

        Assert.True(proof.Verify(stored.LeafHash.Span, checkpoint.Checkpoint.RootHash.Span));
        Assert.True(File.Exists(Path.Combine(auditDirectory, "checkpoint-signing.key")));
    }

    [Fact]
    public void Readme_shows_the_quickstart_that_runs() =>
        RepositoryFiles.AssertQuickstartMatches(
            RepositoryFiles.PathOf("tests", "Telehealth.Audit.Tests", "ReadmeQuickstartTests.cs"),
            RepositoryFiles.PathOf("src", "Telehealth.Audit", "README.md"));
}
