using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// What was observed: a description and, for a metric, its name, value and unit, such as
/// <c>identity.mfa.enrollment-rate</c> = 97.5 <c>percent</c> or <c>identity.deprovision.p95</c> = 3.2 <c>hours</c>.
/// Observations hold aggregates and configuration, never PHI or secrets.
/// </summary>
public sealed record EvidenceObservation
{
    /// <summary>Gets what was observed, in words.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the stable name of the metric, in lower-case dotted segments; <see langword="null"/> for an observation without a value.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Metric { get; init; }

    /// <summary>Gets the value of the metric; required with <see cref="Metric"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public decimal? Value { get; init; }

    /// <summary>Gets the unit of <see cref="Value"/>, such as <c>percent</c>, <c>hours</c>, <c>days</c> or <c>count</c>; required with a value.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Unit { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        Metric is null ? Description : string.Create(CultureInfo.InvariantCulture, $"{Metric} = {Value} {Unit}");

    internal void Check()
    {
        if (string.IsNullOrWhiteSpace(Description))
        {
            throw Errors.FieldMissing(nameof(EvidenceObservation), nameof(Description));
        }

        if (Metric is not null || Value is not null || Unit is not null)
        {
            RecordIds.Check("metric", Metric);
            if (Value is null)
            {
                throw Errors.FieldMissing(nameof(EvidenceObservation), nameof(Value));
            }

            if (string.IsNullOrWhiteSpace(Unit))
            {
                throw Errors.FieldMissing(nameof(EvidenceObservation), nameof(Unit));
            }
        }
    }
}
