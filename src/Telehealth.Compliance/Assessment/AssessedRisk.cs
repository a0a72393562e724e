namespace Telehealth.Compliance;

/// <summary>A risk of the register with its level on the register's scale.</summary>
public sealed class AssessedRisk
{
    internal AssessedRisk(RiskEntry risk, RiskLevel level, RiskLevel residualLevel)
    {
        Risk = risk;
        Level = level;
        ResidualLevel = residualLevel;
    }

    /// <summary>Gets the risk.</summary>
    public RiskEntry Risk { get; }

    /// <summary>Gets the inherent level of risk.</summary>
    public RiskLevel Level { get; }

    /// <summary>Gets the residual level of risk after treatment; the inherent level when the risk has no residual rating.</summary>
    public RiskLevel ResidualLevel { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Risk.Id} {Level}";
}
