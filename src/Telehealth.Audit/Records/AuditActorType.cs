namespace Telehealth.Audit;

/// <summary>What kind of principal performed an audited action.</summary>
public enum AuditActorType
{
    /// <summary>A person: a clinician, patient, administrator or other workforce member.</summary>
    User = 1,

    /// <summary>Another application or integration acting with its own credentials.</summary>
    Service = 2,

    /// <summary>The system itself, such as a scheduled job or key rotation.</summary>
    System = 3,
}
