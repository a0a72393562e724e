namespace Telehealth.Compliance;

/// <summary>A risk of the register with its level on the register's scale.</summary>
public sealed class AssessedRisk
{
    internal AssessedRisk(RiskEntry risk, RiskLevel level)
    {
        Risk = risk;
        Level = level;
    }

    /// <summary>Gets the risk.</summary>
    public RiskEntry Risk { get; }

    /// <summary>Gets the level of risk.</summary>
    public RiskLevel Level { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Risk.Id} {Level}";
}
