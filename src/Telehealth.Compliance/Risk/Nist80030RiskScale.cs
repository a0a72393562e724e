namespace Telehealth.Compliance;

/// <summary>
/// The five-level scale of NIST SP 800-30 Rev. 1: Very Low, Low, Moderate, High, Very High for likelihood
/// (Table G-5) and impact (Table H-3), combined by Table I-2 "Assessment Scale – Level of Risk (Combination of
/// Likelihood and Impact)".
/// </summary>
public sealed class Nist80030RiskScale : IRiskScale
{
    // Table I-2, rows by likelihood (Very Low first), columns by impact (Very Low first).
    private static readonly RiskLevel[,] Matrix =
    {
        { RiskLevel.VeryLow, RiskLevel.VeryLow, RiskLevel.VeryLow, RiskLevel.Low, RiskLevel.Low },
        { RiskLevel.VeryLow, RiskLevel.Low, RiskLevel.Low, RiskLevel.Low, RiskLevel.Moderate },
        { RiskLevel.VeryLow, RiskLevel.Low, RiskLevel.Moderate, RiskLevel.Moderate, RiskLevel.High },
        { RiskLevel.VeryLow, RiskLevel.Low, RiskLevel.Moderate, RiskLevel.High, RiskLevel.VeryHigh },
        { RiskLevel.VeryLow, RiskLevel.Low, RiskLevel.Moderate, RiskLevel.High, RiskLevel.VeryHigh },
    };

    private Nist80030RiskScale()
    {
    }

    /// <summary>Gets the scale.</summary>
    public static Nist80030RiskScale Instance { get; } = new();

    /// <inheritdoc />
    public string Name => "NIST SP 800-30 Rev. 1, Table I-2";

    /// <inheritdoc />
    public IReadOnlyList<RiskLevel> Levels { get; } = [RiskLevel.VeryLow, RiskLevel.Low, RiskLevel.Moderate, RiskLevel.High, RiskLevel.VeryHigh];

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A level is not defined.</exception>
    public RiskLevel GetRiskLevel(RiskLevel likelihood, RiskLevel impact)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan((int)likelihood, 1, nameof(likelihood));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((int)likelihood, 5, nameof(likelihood));
        ArgumentOutOfRangeException.ThrowIfLessThan((int)impact, 1, nameof(impact));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((int)impact, 5, nameof(impact));
        return Matrix[(int)likelihood - 1, (int)impact - 1];
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
