using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Telehealth.Audit;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Telehealth audit log.</summary>
public static class TelehealthAuditServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IAuditLog"/> with validated <see cref="AuditOptions"/>. Choose a store on the
    /// returned builder, e.g. <c>.UseFileStore("audit")</c>, and a signing key.
    /// Redaction uses the host's <see cref="IRedactorProvider"/>; if none is registered, personal
    /// fields are erased. The built-in alert rules (failed logins, after-hours PHI access, mass
    /// export, break-glass) are registered with their defaults and report through
    /// <see cref="LoggerAuditAlertSink"/>; register more <see cref="IAuditAlertRule"/> or
    /// <see cref="IAuditAlertSink"/> services to extend them, or remove them from the collection.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder for the store and key.</returns>
    public static TelehealthAuditBuilder AddTelehealthAudit(this IServiceCollection services, Action<AuditOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptionsWithValidateOnStart<AuditOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsAnnotationsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.AddRedaction();
        services.TryAddSingleton(sp => new AuditLog(
            sp.GetRequiredService<IAuditStore>(),
            sp.GetRequiredService<IOptions<AuditOptions>>(),
            sp.GetRequiredService<CheckpointSigningKey>(),
            sp.GetRequiredService<IRedactorProvider>(),
            sp.GetLogger<AuditLog>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetServices<IAuditAlertRule>(),
            sp.GetServices<IAuditAlertSink>()));
        services.TryAddSingleton<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.TryAddSingleton(sp => new AuditLogTiles(sp.GetRequiredService<IAuditStore>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuditLogStarter>(sp => new AuditLogStarter(sp.GetRequiredService<AuditLog>())));
        services.TryAddSingleton(sp => new AuditArchiver(
            sp.GetRequiredService<AuditLog>(),
            sp.GetRequiredService<IAuditStore>(),
            sp.GetRequiredService<IOptions<AuditOptions>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditAlertRule, FailedLoginAlertRule>(_ => new FailedLoginAlertRule()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditAlertRule, AfterHoursPhiAccessAlertRule>(_ => new AfterHoursPhiAccessAlertRule()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditAlertRule, MassExportAlertRule>(_ => new MassExportAlertRule()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditAlertRule, BreakGlassAlertRule>(_ => new BreakGlassAlertRule()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditAlertSink, LoggerAuditAlertSink>(sp => new LoggerAuditAlertSink(sp.GetLogger<LoggerAuditAlertSink>())));
        return new TelehealthAuditBuilder(services);
    }
}
