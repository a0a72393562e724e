using System.Globalization;

namespace Telehealth.Compliance.Evidence;

/// <summary>
/// The limit a metric must meet for its evidence to show the citations met: at least or at most a value, in the metric's unit.
/// Evidence without a threshold is <see cref="EvidenceOutcome.Informational"/>.
/// </summary>
public sealed record MetricThreshold
{
    private MetricThreshold(MetricComparison comparison, decimal limit)
    {
        Comparison = comparison;
        Limit = limit;
    }

    /// <summary>Gets how the value is compared with <see cref="Limit"/>.</summary>
    public MetricComparison Comparison { get; }

    /// <summary>Gets the limit, in the metric's unit.</summary>
    public decimal Limit { get; }

    /// <summary>Creates a threshold met by values at or above a limit.</summary>
    /// <param name="limit">The lowest acceptable value.</param>
    /// <returns>The threshold.</returns>
    public static MetricThreshold AtLeast(decimal limit) => new(MetricComparison.AtLeast, limit);

    /// <summary>Creates a threshold met by values at or below a limit.</summary>
    /// <param name="limit">The highest acceptable value.</param>
    /// <returns>The threshold.</returns>
    public static MetricThreshold AtMost(decimal limit) => new(MetricComparison.AtMost, limit);

    /// <summary>Gets a value indicating whether a value meets the threshold.</summary>
    /// <param name="value">The measured value.</param>
    /// <returns><see langword="true"/> if the value meets the threshold.</returns>
    public bool IsMetBy(decimal value) => Comparison == MetricComparison.AtLeast ? value >= Limit : value <= Limit;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Comparison == MetricComparison.AtLeast ? "at least" : "at most")} {Limit}");
}
