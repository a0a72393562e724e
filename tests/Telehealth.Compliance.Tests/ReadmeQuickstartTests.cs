using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests;

/// <summary>The README Quickstart runs as written, and the README shows exactly this code.</summary>
public sealed class ReadmeQuickstartTests
{
    [Fact]
    public void Quickstart_runs()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

        // quickstart:begin
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        services.AddTelehealthCompliance(o => o.CatalogVersion = SecurityRuleCatalog.LatestVersion);
        using var provider = services.BuildServiceProvider();

        var catalog = provider.GetRequiredService<SecurityRuleCatalog>();
        Console.WriteLine(catalog.Get("164.312(a)(2)(iv)")); // 164.312(a)(2)(iv) Encryption and decryption (Addressable)

        var register = new AddressableDecisionRegister(catalog, provider.GetRequiredService<TimeProvider>());
        register.Record(new AddressableDecision
        {
            Citation = "164.312(a)(2)(iv)",
            Outcome = AddressableDecisionOutcome.Implemented,
            Rationale = "Recordings and TOTP seeds are envelope encrypted at rest.",
            Approver = "Security official",
            DecidedOn = new DateOnly(2026, 2, 2),
            NextReviewOn = new DateOnly(2027, 2, 2),
        });
        Console.WriteLine(register.GetPending().Count); // 21 addressable specifications still need a decision

        var map = provider.GetRequiredService<CapabilityCitationMap>();
        Console.WriteLine(string.Join(", ", map.GetCitations(TelehealthCapabilities.MediaDtlsSrtp))); // 164.312(e)(1) ...
        // quickstart:end

        Assert.Equal(21, register.GetPending().Count);
        Assert.Equal(3, map.GetCitations(TelehealthCapabilities.MediaDtlsSrtp).Count);
    }

    [Fact]
    public void Readme_shows_the_quickstart_that_runs() =>
        Telehealth.Testing.RepositoryFiles.AssertQuickstartMatches(
            Telehealth.Testing.RepositoryFiles.PathOf("tests", "Telehealth.Compliance.Tests", "ReadmeQuickstartTests.cs"),
            Telehealth.Testing.RepositoryFiles.PathOf("src", "Telehealth.Compliance", "README.md"));
}
