using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Telehealth.Compliance.Evidence;

/// <summary>
/// Collects one metric through a delegate and turns it into an <see cref="EvidenceItem"/>: the value and unit, the
/// citations, collected-at and expires-at from the <see cref="TimeProvider"/>, and an outcome against the threshold of its
/// <see cref="MetricEvidenceDefinition"/>. Any source of one number plugs in without a new type: identity metrics such as
/// MFA enrollment rate, time to deprovision, dormant accounts, access review completion and open break-glass reviews, or
/// a host's own measurements.
/// </summary>
public sealed partial class MetricEvidenceCollector : IEvidenceCollector
{
    private readonly MetricEvidenceDefinition _definition;
    private readonly Func<CancellationToken, ValueTask<MetricReading>> _read;
    private readonly IReadOnlyList<string> _citations;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="MetricEvidenceCollector"/> class.</summary>
    /// <param name="definition">What the metric is and the threshold it must meet.</param>
    /// <param name="read">Takes the measurement; it reads and never changes the system it observes.</param>
    /// <param name="catalog">The catalog the citations are checked against.</param>
    /// <param name="timeProvider">The clock that dates the evidence; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ComplianceException">
    /// The definition is not valid: a name is malformed (<c>TH5401</c>), a field is blank (<c>TH5402</c>), the lifetime is not
    /// positive (<c>TH5403</c>), the kind is undefined (<c>TH5404</c>) or a citation is not in the catalog (<c>TH5001</c>).
    /// </exception>
    public MetricEvidenceCollector(
        MetricEvidenceDefinition definition,
        Func<CancellationToken, ValueTask<MetricReading>> read,
        SecurityRuleCatalog catalog,
        TimeProvider? timeProvider = null,
        ILogger<MetricEvidenceCollector>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(catalog);
        CheckName(nameof(definition.Name), definition.Name);
        CheckName(nameof(definition.EvidenceId), definition.EvidenceId);
        CheckName(nameof(definition.Metric), definition.Metric);
        if (string.IsNullOrWhiteSpace(definition.Unit))
        {
            throw Errors.FieldMissing(nameof(definition.Unit));
        }

        if (string.IsNullOrWhiteSpace(definition.Description))
        {
            throw Errors.FieldMissing(nameof(definition.Description));
        }

        if (definition.Citations is null || definition.Citations.Count == 0)
        {
            throw Errors.FieldMissing(nameof(definition.Citations));
        }

        if (definition.Lifetime <= TimeSpan.Zero)
        {
            throw Errors.LifetimeNotPositive(definition.Lifetime);
        }

        if (!Enum.IsDefined(definition.Kind))
        {
            throw Errors.UndefinedKind(definition.Kind);
        }

        _citations = EvidenceText.Citations(catalog, [.. definition.Citations]);
        _definition = definition;
        _read = read;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => _definition.Name;

    /// <summary>Gets the definition of the metric.</summary>
    public MetricEvidenceDefinition Definition => _definition;

    /// <inheritdoc />
    public async Task<IReadOnlyList<EvidenceItem>> CollectAsync(CancellationToken cancellationToken)
    {
        using var activity = EvidenceTelemetry.StartCollection(Name);
        cancellationToken.ThrowIfCancellationRequested();
        var reading = await _read(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The metric delegate of evidence collector '{Name}' returned no reading.");
        var threshold = _definition.Threshold;
        var value = EvidenceText.Round(reading.Value, threshold);
        var outcome = EvidenceText.Judge(value, threshold);
        var description = _definition.Description
            + (string.IsNullOrWhiteSpace(reading.Detail) ? string.Empty : $" ({reading.Detail})")
            + (threshold is null ? "." : $"; threshold {threshold} {_definition.Unit}.");
        var item = EvidenceText.Item(
            _definition.EvidenceId,
            Name,
            _definition.Kind,
            _citations,
            EvidenceText.Metric(description, _definition.Metric, value, _definition.Unit),
            outcome,
            _timeProvider.GetUtcNow(),
            _definition.Lifetime);
        return EvidenceTelemetry.Collected(_logger, activity, Name, item);
    }

    /// <inheritdoc />
    public override string ToString() => $"MetricEvidenceCollector({Name})";

    private static void CheckName(string field, string? value)
    {
        if (value is null || !NamePattern().IsMatch(value))
        {
            throw Errors.MalformedName(field, value ?? string.Empty);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(?:[-.][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
