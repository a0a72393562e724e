namespace Telehealth.Compliance;

/// <summary>How a risk is responded to (NIST SP 800-39, risk response; 45 CFR 164.308(a)(1)(ii)(B)).</summary>
public enum RiskTreatment
{
    /// <summary>Security measures reduce the risk to a reasonable and appropriate level.</summary>
    Mitigate = 1,

    /// <summary>The risk is accepted as it is, by its owner.</summary>
    Accept = 2,

    /// <summary>The risk is shared with or transferred to another party, such as an insurer or a vendor under contract.</summary>
    Transfer = 3,

    /// <summary>The activity that gives rise to the risk is not undertaken.</summary>
    Avoid = 4,
}
