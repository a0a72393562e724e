namespace Telehealth.Compliance;

/// <summary>Risk levels in words, as NIST SP 800-30 writes them (<c>Very High</c>), for messages and reports alike.</summary>
internal static class RiskLevelNames
{
    public static string Of(RiskLevel level) => level switch
    {
        RiskLevel.VeryLow => "Very Low",
        RiskLevel.VeryHigh => "Very High",
        _ => level.ToString(),
    };
}
