using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telehealth.Crypto;

namespace Telehealth.Compliance.Evidence;

/// <summary>
/// Measures the share of stored values that are envelopes, by a census of the application's <see cref="IEnvelopeStore"/>:
/// (total − values that are not envelopes) / total, in percent, against
/// <see cref="ComplianceEvidenceOptions.MinimumEncryptionCoveragePercent"/> (164.312(a)(2)(iv)). An empty store is
/// reported as informational: there is nothing to measure, which may also mean the store is not the one in use.
/// </summary>
public sealed class EncryptionCoverageEvidenceCollector : IEvidenceCollector
{
    /// <summary>The id of the evidence item this collector produces.</summary>
    public const string EvidenceId = "crypto.encryption-coverage";

    /// <summary>The name of the metric, in percent.</summary>
    public const string MetricName = "crypto.encryption-coverage";

    private readonly IEnvelopeStore _store;
    private readonly IReadOnlyList<string> _citations;
    private readonly ComplianceEvidenceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="EncryptionCoverageEvidenceCollector"/> class.</summary>
    /// <param name="store">The application's envelope store.</param>
    /// <param name="catalog">The catalog the citations are checked against.</param>
    /// <param name="options">The threshold; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public EncryptionCoverageEvidenceCollector(
        IEnvelopeStore store,
        SecurityRuleCatalog catalog,
        ComplianceEvidenceOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<EncryptionCoverageEvidenceCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _citations = EvidenceText.Citations(catalog, "164.312(a)(2)(iv)");
        _store = store;
        _options = options ?? new ComplianceEvidenceOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => "telehealth.crypto.encryption-coverage";

    /// <inheritdoc />
    public async Task<IReadOnlyList<EvidenceItem>> CollectAsync(CancellationToken cancellationToken)
    {
        using var activity = EvidenceTelemetry.StartCollection(Name);
        EvidenceItem item;
        try
        {
            var census = await KeyVersionCensus.TakeAsync(_store, _timeProvider, cancellationToken).ConfigureAwait(false);
            var threshold = MetricThreshold.AtLeast(_options.MinimumEncryptionCoveragePercent);
            var coverage = EvidenceText.Round(EvidenceText.Percent(census.Total - census.Unreadable, census.Total), threshold);
            var description = string.Create(CultureInfo.InvariantCulture,
                $"Share of stored values that are envelopes: {census.Total - census.Unreadable} of {census.Total}; threshold {threshold} percent.");
            item = EvidenceText.Item(EvidenceId, Name, EvidenceKind.RuntimeMeasurement, _citations,
                EvidenceText.Metric(description, MetricName, coverage, "percent"),
                census.Total == 0 ? EvidenceOutcome.Informational : EvidenceText.Judge(coverage, threshold),
                census.TakenAt, _options.EvidenceLifetime);
        }
        catch (Exception ex) when (ex is CryptoException or IOException)
        {
            Log.SourceUnreadable(_logger, Name, ex is CryptoException c ? c.Code : ex.GetType().Name, ex);
            item = EvidenceText.Item(EvidenceId, Name, EvidenceKind.RuntimeMeasurement, _citations,
                EvidenceText.Text("The envelope store could not be read, so encryption coverage is unknown."),
                EvidenceOutcome.NotSatisfied, _timeProvider.GetUtcNow(), _options.EvidenceLifetime);
        }

        return EvidenceTelemetry.Collected(_logger, activity, Name, item);
    }
}
