namespace Telehealth.Compliance;

/// <summary>What an evidence item says about the citations it is linked to.</summary>
public enum EvidenceOutcome
{
    /// <summary>The item informs an assessor but does not by itself say whether the citations are met.</summary>
    Informational = 0,

    /// <summary>The item shows the citations are met, as far as it goes.</summary>
    Satisfied = 1,

    /// <summary>The item shows a gap, such as an MFA enrollment rate below target or a failed log verification.</summary>
    NotSatisfied = 2,
}
