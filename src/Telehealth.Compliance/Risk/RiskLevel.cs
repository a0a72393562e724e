namespace Telehealth.Compliance;

/// <summary>
/// A qualitative level of NIST SP 800-30 Rev. 1 (Appendices G, H and I), used for likelihood, impact and risk alike.
/// The numeric values order the levels; they are not the semi-quantitative scores of the publication.
/// </summary>
public enum RiskLevel
{
    /// <summary>Very low.</summary>
    VeryLow = 1,

    /// <summary>Low.</summary>
    Low = 2,

    /// <summary>Moderate.</summary>
    Moderate = 3,

    /// <summary>High.</summary>
    High = 4,

    /// <summary>Very high.</summary>
    VeryHigh = 5,
}
