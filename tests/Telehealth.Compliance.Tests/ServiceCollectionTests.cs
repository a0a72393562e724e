using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests;

/// <summary>Round trips through a real <see cref="ServiceCollection"/>.</summary>
public sealed class ServiceCollectionTests
{
    [Fact]
    public void Registers_the_latest_catalog_validator_map_and_no_clock_of_its_own()
    {
        using var provider = new ServiceCollection().AddTelehealthCompliance().BuildServiceProvider(validateScopes: true);

        var catalog = provider.GetRequiredService<SecurityRuleCatalog>();
        Assert.Same(SecurityRuleCatalog.Latest, catalog);
        Assert.Same(catalog, provider.GetRequiredService<AddressableDecisionValidator>().Catalog);
        Assert.Same(catalog, provider.GetRequiredService<CapabilityCitationMap>().Catalog);
        Assert.Null(provider.GetService<TimeProvider>()); // the host's clock, or the system clock inside
        Assert.NotNull(provider.GetRequiredService<ComplianceRecords>());
        Assert.Equal("2013-omnibus", provider.GetRequiredService<IOptions<ComplianceOptions>>().Value.CatalogVersion);
    }

    [Fact]
    public void Keeps_a_registered_time_provider_and_uses_the_configured_version()
    {
        var time = new FakeTimeProvider();
        using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(time)
            .AddTelehealthCompliance(o => o.CatalogVersion = "2013-omnibus")
            .BuildServiceProvider();

        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
        Assert.Equal("2013-omnibus", provider.GetRequiredService<SecurityRuleCatalog>().Version);
    }

    [Fact]
    public void Adding_twice_registers_once()
    {
        var services = new ServiceCollection().AddTelehealthCompliance().AddTelehealthCompliance();

        Assert.Single(services, d => d.ServiceType == typeof(SecurityRuleCatalog));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<ComplianceOptions>));
    }

    [Fact]
    public void Unknown_catalog_version_fails_at_start_with_one_message()
    {
        using var provider = new ServiceCollection()
            .AddTelehealthCompliance(o => o.CatalogVersion = "2099-draft")
            .BuildServiceProvider();

        // A host runs IStartupValidator (registered by AddOptionsWithValidateOnStart) when it starts.
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            "ComplianceOptions.CatalogVersion '2099-draft' is not a known catalog version; known versions: 2013-omnibus.",
            ex.Message);
    }

    [Fact]
    public void Null_services_name_the_parameter()
    {
        Assert.Throws<ArgumentNullException>("services", () => TelehealthComplianceServiceCollectionExtensions.AddTelehealthCompliance(null!));
    }
}
