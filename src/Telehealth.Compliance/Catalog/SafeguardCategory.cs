namespace Telehealth.Compliance;

/// <summary>The safeguard category of a section of the HIPAA Security Rule (45 CFR Part 164, Subpart C).</summary>
public enum SafeguardCategory
{
    /// <summary>Administrative safeguards, 45 CFR 164.308.</summary>
    Administrative,

    /// <summary>Physical safeguards, 45 CFR 164.310.</summary>
    Physical,

    /// <summary>Technical safeguards, 45 CFR 164.312.</summary>
    Technical,

    /// <summary>Organizational requirements, 45 CFR 164.314.</summary>
    Organizational,

    /// <summary>Policies and procedures and documentation requirements, 45 CFR 164.316.</summary>
    PoliciesProceduresAndDocumentation,
}
