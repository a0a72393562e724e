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
    /// at start-up, and <see cref="TimeProvider.System"/> if no <see cref="TimeProvider"/> is registered. Adds a
    /// <see cref="FileComplianceRecordStore"/> in <see cref="ComplianceOptions.StoreDirectory"/> as the
    /// <see cref="IComplianceRecordStore"/>, and <see cref="ComplianceRecords"/> with its five registers as singletons,
    /// loaded from that store when first resolved (another registered <see cref="IComplianceRecordStore"/> requires the host
    /// to register <see cref="ComplianceRecords"/> itself). Changes are committed by
    /// <see cref="IComplianceRecordStore.SaveAsync"/>; the host calls it after each change it must not lose.
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
        services.TryAddSingleton(sp => SecurityRuleCatalog.ForVersion(sp.GetRequiredService<IOptions<ComplianceOptions>>().Value.CatalogVersion));
        services.TryAddSingleton(sp => new AddressableDecisionValidator(sp.GetRequiredService<SecurityRuleCatalog>()));
        services.TryAddSingleton(sp => CapabilityCitationMap.CreateDefault(sp.GetRequiredService<SecurityRuleCatalog>()));
        services.TryAddSingleton(sp => new FileComplianceRecordStore(sp.GetRequiredService<IOptions<ComplianceOptions>>().Value.StoreDirectory));
        services.TryAddSingleton<IComplianceRecordStore>(sp => sp.GetRequiredService<FileComplianceRecordStore>());
        services.TryAddSingleton(sp =>
        {
            var records = new ComplianceRecords(sp.GetRequiredService<SecurityRuleCatalog>(), sp.GetService<TimeProvider>() ?? TimeProvider.System);

            // A service factory is synchronous; the embedded store reads one local file. Another store is loaded with
            // its asynchronous LoadAsync by the host, which then registers its own ComplianceRecords.
            if (sp.GetRequiredService<IComplianceRecordStore>() is not FileComplianceRecordStore store)
            {
                throw new InvalidOperationException(
                    "ComplianceRecords loads itself from a FileComplianceRecordStore only; with another IComplianceRecordStore, register ComplianceRecords loaded by its LoadAsync.");
            }

            store.Load(records);
            return records;
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<ComplianceRecords>().Decisions);
        services.TryAddSingleton(sp => sp.GetRequiredService<ComplianceRecords>().Vendors);
        services.TryAddSingleton(sp => sp.GetRequiredService<ComplianceRecords>().Risks);
        services.TryAddSingleton(sp => sp.GetRequiredService<ComplianceRecords>().Breaches);
        services.TryAddSingleton(sp => sp.GetRequiredService<ComplianceRecords>().Evidence);
        return services;
    }
}
