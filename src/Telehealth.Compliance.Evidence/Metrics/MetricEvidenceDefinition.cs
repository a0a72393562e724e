namespace Telehealth.Compliance.Evidence;

/// <summary>
/// Describes a metric collected by a <see cref="MetricEvidenceCollector"/>: which evidence item it produces, what it
/// measures and in which unit, which Security Rule citations it supports, and the threshold it must meet. Any
/// measurement that yields one number fits, such as MFA enrollment rate, time to deprovision, dormant accounts,
/// access review completion or open break-glass reviews.
/// </summary>
public sealed record MetricEvidenceDefinition
{
    /// <summary>Gets the collector's stable name, used as <see cref="EvidenceItem.Source"/>, such as <c>telehealth.identity.mfa-enrollment</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the evidence id, lower-case segments joined by <c>-</c> or <c>.</c>, such as <c>identity.mfa-enrollment</c>.</summary>
    public required string EvidenceId { get; init; }

    /// <summary>Gets the stable metric name in lower-case dotted segments, such as <c>identity.mfa.enrollment-rate</c>.</summary>
    public required string Metric { get; init; }

    /// <summary>Gets the unit of the value, such as <c>percent</c>, <c>hours</c>, <c>days</c> or <c>count</c>.</summary>
    public required string Unit { get; init; }

    /// <summary>Gets what is measured, in words, such as <c>Share of active workforce accounts enrolled in MFA</c>.</summary>
    public required string Description { get; init; }

    /// <summary>Gets the Security Rule citations the metric supports; at least one, each in the catalog.</summary>
    public required IReadOnlyList<string> Citations { get; init; }

    /// <summary>Gets the kind of evidence the metric is.</summary>
    /// <value>The default is <see cref="EvidenceKind.RuntimeMeasurement"/>.</value>
    public EvidenceKind Kind { get; init; } = EvidenceKind.RuntimeMeasurement;

    /// <summary>Gets the threshold the value must meet; <see langword="null"/> for informational evidence.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public MetricThreshold? Threshold { get; init; }

    /// <summary>Gets how long the evidence stays current after it is collected.</summary>
    /// <value>The default is 1 day.</value>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Compares every field, and the citations in order, by value.</summary>
    /// <param name="other">The other definition.</param>
    /// <returns>Whether both define the same metric.</returns>
    public bool Equals(MetricEvidenceDefinition? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(EvidenceId, other.EvidenceId, StringComparison.Ordinal)
        && string.Equals(Metric, other.Metric, StringComparison.Ordinal)
        && string.Equals(Unit, other.Unit, StringComparison.Ordinal)
        && string.Equals(Description, other.Description, StringComparison.Ordinal)
        && Citations.SequenceEqual(other.Citations, StringComparer.Ordinal)
        && Kind == other.Kind
        && Equals(Threshold, other.Threshold)
        && Lifetime == other.Lifetime;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, EvidenceId, Metric, Unit, Kind, Threshold, Lifetime, Citations.Count);
}
