using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telehealth.Compliance;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Telehealth.Compliance.</summary>
public static class TelehealthComplianceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="SecurityRuleCatalog"/> of the configured version, an <see cref="AddressableDecisionValidator"/>
    /// and the default <see cref="CapabilityCitationMap"/> as singletons, with <see cref="ComplianceOptions"/> validated
    /// at start-up, and <see cref="TimeProvider.System"/> if no <see cref="TimeProvider"/> is registered.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddTelehealthCompliance(this IServiceCollection services, Action<ComplianceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptionsWithValidateOnStart<ComplianceOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ComplianceOptions>, ComplianceOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SecurityRuleCatalog.ForVersion(sp.GetRequiredService<IOptions<ComplianceOptions>>().Value.CatalogVersion));
        services.TryAddSingleton(sp => new AddressableDecisionValidator(sp.GetRequiredService<SecurityRuleCatalog>()));
        services.TryAddSingleton(sp => CapabilityCitationMap.CreateDefault(sp.GetRequiredService<SecurityRuleCatalog>()));
        return services;
    }
}
