using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Telehealth.Compliance.Evidence;

/// <summary>Chained configuration of <c>AddTelehealthComplianceEvidence</c>: more metrics, collected like the ready-made ones.</summary>
public sealed class TelehealthComplianceEvidenceBuilder
{
    internal TelehealthComplianceEvidenceBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds a <see cref="MetricEvidenceCollector"/> as an <see cref="IEvidenceCollector"/>, such as an identity metric read
    /// from a service of the container. Its definition is checked when the collector is first resolved.
    /// </summary>
    /// <param name="definition">What the metric is and the threshold it must meet.</param>
    /// <param name="read">Gets, from the container, the delegate that takes the measurement.</param>
    /// <returns>This builder.</returns>
    public TelehealthComplianceEvidenceBuilder AddMetric(MetricEvidenceDefinition definition, Func<IServiceProvider, Func<CancellationToken, ValueTask<MetricReading>>> read)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(read);
        Services.AddSingleton<IEvidenceCollector>(sp => new MetricEvidenceCollector(
            definition,
            read(sp),
            sp.GetRequiredService<SecurityRuleCatalog>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<MetricEvidenceCollector>>()));
        return this;
    }
}
