using System.Globalization;

namespace Telehealth.Compliance.Evidence;

/// <summary>Builds the items of every collector the same way, and formats values for them.</summary>
internal static class EvidenceText
{
    /// <summary>
    /// Rounds a value to two decimals towards the side that fails the threshold, so the value shown never looks better than
    /// the one judged: 99.999 percent shows as 99.99 against "at least 100", 90.001 days as 90.01 against "at most 90".
    /// </summary>
    public static decimal Round(decimal value, MetricThreshold? threshold) => threshold?.Comparison switch
    {
        MetricComparison.AtLeast => Math.Round(value, 2, MidpointRounding.ToNegativeInfinity),
        MetricComparison.AtMost => Math.Round(value, 2, MidpointRounding.ToPositiveInfinity),
        _ => Math.Round(value, 2, MidpointRounding.ToEven),
    };

    public static EvidenceOutcome Judge(decimal shown, MetricThreshold? threshold) => threshold is null
        ? EvidenceOutcome.Informational
        : threshold.IsMetBy(shown) ? EvidenceOutcome.Satisfied : EvidenceOutcome.NotSatisfied;

    public static decimal Percent(long part, long whole) => whole == 0 ? 100m : part * 100m / whole;

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan value) => value.TotalDays >= 1 && value.Ticks % TimeSpan.TicksPerDay == 0
        ? Number(value.Days) + (value.Days == 1 ? " day" : " days")
        : value.ToString("c", CultureInfo.InvariantCulture);

    public static EvidenceItem Item(
        string id,
        string source,
        EvidenceKind kind,
        IReadOnlyList<string> citations,
        EvidenceObservation observation,
        EvidenceOutcome outcome,
        DateTimeOffset collectedAt,
        TimeSpan lifetime) => new()
        {
            Id = id,
            Source = source,
            Kind = kind,
            Citations = citations,
            Observation = observation,
            Outcome = outcome,
            CollectedAt = collectedAt,
            ExpiresAt = collectedAt + lifetime,
        };

    public static EvidenceObservation Metric(string description, string metric, decimal value, string unit) =>
        new() { Description = description, Metric = metric, Value = value, Unit = unit };

    public static EvidenceObservation Text(string description) => new() { Description = description };

    /// <summary>Checks that every citation is in the catalog, so a collector fails at construction, not at collection.</summary>
    public static IReadOnlyList<string> Citations(SecurityRuleCatalog catalog, params string[] citations)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. citations.Select(c => catalog.Get(c).Citation)];
    }
}
