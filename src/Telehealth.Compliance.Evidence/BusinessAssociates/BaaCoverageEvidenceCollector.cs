using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Telehealth.Compliance.Evidence;

/// <summary>
/// Measures the share of vendors receiving PHI that have a business associate agreement active today (UTC): a vendor
/// receives PHI when a PHI flow of the <see cref="VendorInventory"/> goes to it, or when it lists PHI types and its
/// agreement was not terminated (a terminated relationship receives PHI only if a flow still says so). The threshold is
/// <see cref="ComplianceEvidenceOptions.MinimumBaaCoveragePercent"/> (164.308(b)(1), 164.314(a)(1)). The description
/// names the vendors without an active agreement by id. An inventory without such vendors is informational.
/// </summary>
/// <remarks>
/// It needs only Telehealth.Compliance, but lives here with the other ready-made collectors, so that the core package
/// stays the evidence model and every collector is registered by one call.
/// </remarks>
public sealed class BaaCoverageEvidenceCollector : IEvidenceCollector
{
    /// <summary>The id of the evidence item this collector produces.</summary>
    public const string EvidenceId = "baa.coverage";

    /// <summary>The name of the metric, in percent.</summary>
    public const string MetricName = "baa.coverage";

    private readonly VendorInventory _inventory;
    private readonly IReadOnlyList<string> _citations;
    private readonly ComplianceEvidenceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="BaaCoverageEvidenceCollector"/> class.</summary>
    /// <param name="inventory">The vendor inventory.</param>
    /// <param name="catalog">The catalog the citations are checked against.</param>
    /// <param name="options">The threshold; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public BaaCoverageEvidenceCollector(
        VendorInventory inventory,
        SecurityRuleCatalog catalog,
        ComplianceEvidenceOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<BaaCoverageEvidenceCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        _citations = EvidenceText.Citations(catalog, "164.308(b)(1)", "164.314(a)(1)");
        _inventory = inventory;
        _options = options ?? new ComplianceEvidenceOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => "telehealth.compliance.baa-coverage";

    /// <inheritdoc />
    public Task<IReadOnlyList<EvidenceItem>> CollectAsync(CancellationToken cancellationToken)
    {
        using var activity = EvidenceTelemetry.StartCollection(Name);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var recipients = new HashSet<string>(_inventory.Flows.Select(f => f.To), StringComparer.Ordinal);
        var receiving = _inventory.Vendors.Where(v => recipients.Contains(v.Id) || (v.PhiTypes.Count > 0 && v.BaaStatus != BaaStatus.Terminated)).ToList();
        var uncovered = receiving.Where(v => v.Agreement?.IsActiveOn(today) != true).Select(v => v.Id).ToList();
        var covered = receiving.Count - uncovered.Count;
        var threshold = MetricThreshold.AtLeast(_options.MinimumBaaCoveragePercent);
        var coverage = EvidenceText.Round(EvidenceText.Percent(covered, receiving.Count), threshold);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"Share of vendors receiving PHI with an active business associate agreement: {covered} of {receiving.Count}; threshold {threshold} percent.")
            + (uncovered.Count == 0 ? string.Empty : $" Without an active agreement: {string.Join(", ", uncovered)}.");
        var item = EvidenceText.Item(EvidenceId, Name, EvidenceKind.RuntimeMeasurement, _citations,
            EvidenceText.Metric(description, MetricName, coverage, "percent"),
            receiving.Count == 0 ? EvidenceOutcome.Informational : EvidenceText.Judge(coverage, threshold),
            now, _options.EvidenceLifetime);
        return Task.FromResult(EvidenceTelemetry.Collected(_logger, activity, Name, item));
    }
}
