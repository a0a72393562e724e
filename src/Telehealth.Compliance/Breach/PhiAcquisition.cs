namespace Telehealth.Compliance;

/// <summary>Whether the PHI was actually acquired or viewed (45 CFR 164.402, paragraph (2)(iii) of "Breach").</summary>
public enum PhiAcquisition
{
    /// <summary>Not yet established.</summary>
    Unknown = 0,

    /// <summary>The investigation shows the PHI was not acquired or viewed, such as a misdirected encrypted file returned unopened.</summary>
    NotAcquiredOrViewed = 1,

    /// <summary>The PHI was acquired or viewed.</summary>
    AcquiredOrViewed = 2,
}
