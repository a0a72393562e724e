namespace Telehealth.Compliance.Evidence;

/// <summary>
/// One measurement taken by the delegate of a <see cref="MetricEvidenceCollector"/>: the value, in the unit of its
/// <see cref="MetricEvidenceDefinition"/>, and optionally a short detail. Both hold aggregates, never PHI, secrets or user names.
/// </summary>
/// <param name="Value">The measured value, such as <c>97.5</c> for an MFA enrollment rate in percent.</param>
public sealed record MetricReading(decimal Value)
{
    /// <summary>Gets a short detail appended to the evidence description, such as <c>195 of 200 active accounts</c>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Detail { get; init; }
}
