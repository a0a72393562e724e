using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telehealth.Audit;
using Telehealth.Compliance;
using Telehealth.Compliance.Evidence;
using Telehealth.Crypto;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ready-made evidence collectors of Telehealth.Compliance.Evidence.</summary>
public static class TelehealthComplianceEvidenceServiceCollectionExtensions
{
    /// <summary>
    /// Adds Telehealth.Compliance (<c>AddTelehealthCompliance</c>, for the catalog), <see cref="ComplianceEvidenceOptions"/>
    /// validated at start-up, and, as <see cref="IEvidenceCollector"/>s, the collectors whose sources are already registered:
    /// <see cref="KeyAgeEvidenceCollector"/> and <see cref="RetiredKeyVersionEvidenceCollector"/> (a <see cref="Keyring"/>; the
    /// keyring's census covers the envelope stores, subject keys and integrity keys it wraps), <see cref="EncryptionCoverageEvidenceCollector"/>
    /// (an <see cref="IEnvelopeStore"/>), <see cref="AuditLogEvidenceCollector"/> (an <see cref="IAuditStore"/>) and
    /// <see cref="BaaCoverageEvidenceCollector"/> (a <see cref="VendorInventory"/>). Call it after registering those sources.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder for more metrics.</returns>
    public static TelehealthComplianceEvidenceBuilder AddTelehealthComplianceEvidence(this IServiceCollection services, Action<ComplianceEvidenceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddTelehealthCompliance();
        var options = services.AddOptionsWithValidateOnStart<ComplianceEvidenceOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ComplianceEvidenceOptions>, ComplianceEvidenceOptionsValidator>());

        // Logging belongs to the host: loggers are resolved when present, never registered here, so a
        // container that adds logging after this call still gets the collectors' logs.

        var hasKeyring = IsRegistered<Keyring>(services);
        var hasEnvelopes = IsRegistered<IEnvelopeStore>(services);
        if (hasKeyring)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IEvidenceCollector, KeyAgeEvidenceCollector>(sp => new KeyAgeEvidenceCollector(
                sp.GetRequiredService<Keyring>(),
                (sp.GetService<IOptions<CryptoOptions>>()?.Value.Keyring ?? new KeyringOptions()).RotationPeriod,
                sp.GetRequiredService<SecurityRuleCatalog>(),
                OptionsOf(sp),
                TimeOf(sp),
                sp.GetService<ILogger<KeyAgeEvidenceCollector>>())));
        }

        if (hasKeyring)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IEvidenceCollector, RetiredKeyVersionEvidenceCollector>(sp => new RetiredKeyVersionEvidenceCollector(
                sp.GetRequiredService<Keyring>(),
                sp.GetRequiredService<SecurityRuleCatalog>(),
                OptionsOf(sp),
                TimeOf(sp),
                sp.GetService<ILogger<RetiredKeyVersionEvidenceCollector>>())));
        }

        if (hasEnvelopes)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IEvidenceCollector, EncryptionCoverageEvidenceCollector>(sp => new EncryptionCoverageEvidenceCollector(
                sp.GetRequiredService<IEnvelopeStore>(),
                sp.GetRequiredService<SecurityRuleCatalog>(),
                OptionsOf(sp),
                TimeOf(sp),
                sp.GetService<ILogger<EncryptionCoverageEvidenceCollector>>())));
        }

        if (IsRegistered<IAuditStore>(services))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IEvidenceCollector, AuditLogEvidenceCollector>(sp => new AuditLogEvidenceCollector(
                sp.GetRequiredService<IAuditStore>(),
                TrustedKeysOf(sp),
                sp.GetRequiredService<SecurityRuleCatalog>(),
                OptionsOf(sp),
                TimeOf(sp),
                sp.GetService<ILogger<AuditLogEvidenceCollector>>())));
        }

        if (IsRegistered<VendorInventory>(services))
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IEvidenceCollector, BaaCoverageEvidenceCollector>(sp => new BaaCoverageEvidenceCollector(
                sp.GetRequiredService<VendorInventory>(),
                sp.GetRequiredService<SecurityRuleCatalog>(),
                OptionsOf(sp),
                TimeOf(sp),
                sp.GetService<ILogger<BaaCoverageEvidenceCollector>>())));
        }

        return new TelehealthComplianceEvidenceBuilder(services);
    }

    private static TimeProvider TimeOf(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;

    private static bool IsRegistered<T>(IServiceCollection services) => services.Any(d => d.ServiceType == typeof(T));

    private static ComplianceEvidenceOptions OptionsOf(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ComplianceEvidenceOptions>>().Value;

    /// <summary>The configured keys when there are any, else the keys of the host's own audit log.</summary>
    private static IEnumerable<CheckpointVerifierKey> TrustedKeysOf(IServiceProvider services)
    {
        var configured = OptionsOf(services).TrustedCheckpointKeys;
        return configured.Count > 0
            ? configured.Select(CheckpointVerifierKey.Parse)
            : services.GetService<AuditLog>()?.VerifierKeys ?? [];
    }
}
