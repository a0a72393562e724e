namespace Telehealth.Compliance;

/// <summary>
/// A scale that combines the likelihood and the impact of a threat event into a level of risk. The default is
/// <see cref="Nist80030RiskScale"/>; an organization with its own matrix implements this interface.
/// </summary>
public interface IRiskScale
{
    /// <summary>Gets the name of the scale, shown in reports.</summary>
    string Name { get; }

    /// <summary>Gets the levels the scale uses for likelihood and impact, lowest first.</summary>
    IReadOnlyList<RiskLevel> Levels { get; }

    /// <summary>Gets the level of risk of a likelihood and an impact.</summary>
    /// <param name="likelihood">The likelihood that the threat event occurs and results in adverse impact; one of <see cref="Levels"/>.</param>
    /// <param name="impact">The level of impact; one of <see cref="Levels"/>.</param>
    /// <returns>The level of risk.</returns>
    RiskLevel GetRiskLevel(RiskLevel likelihood, RiskLevel impact);
}
