namespace Telehealth.Compliance;

/// <summary>
/// A clause of a business associate agreement that the checklist (<see cref="BaaClauseChecklist"/>) looks for,
/// following 45 CFR 164.314(a)(2)(i) and 164.504(e).
/// </summary>
public enum BaaClause
{
    /// <summary>The permitted and required uses and disclosures of PHI (164.504(e)(2)(i)).</summary>
    PermittedUsesAndDisclosures = 1,

    /// <summary>Uses, disclosures and requests limited to the minimum necessary (164.502(b)).</summary>
    MinimumNecessary = 2,

    /// <summary>Encryption of ePHI at rest and in transit (164.314(a)(2)(i)(A); 164.312(a)(2)(iv), (e)(2)(ii)).</summary>
    Encryption = 3,

    /// <summary>Role-based access control (164.314(a)(2)(i)(A); 164.312(a)(1)).</summary>
    RoleBasedAccessControl = 4,

    /// <summary>Multi-factor authentication (164.314(a)(2)(i)(A); 164.312(d)).</summary>
    MultiFactorAuthentication = 5,

    /// <summary>Audit logging of access to ePHI (164.314(a)(2)(i)(A); 164.312(b)).</summary>
    AuditLogging = 6,

    /// <summary>Subcontractors agree to the same restrictions and conditions (164.314(a)(2)(i)(B); 164.504(e)(2)(ii)(D)).</summary>
    SubcontractorFlowDown = 7,

    /// <summary>
    /// Security incidents and breaches of unsecured PHI are reported within a stated number of days
    /// (164.314(a)(2)(i)(C); 164.504(e)(2)(ii)(C); 164.410).
    /// </summary>
    IncidentAndBreachReporting = 8,

    /// <summary>PHI is returned or destroyed at termination (164.504(e)(2)(ii)(J)).</summary>
    ReturnOrDestruction = 9,

    /// <summary>
    /// Books and records are available to the Secretary (164.504(e)(2)(ii)(I)) and to the covered entity for audit.
    /// </summary>
    RightToAudit = 10,

    /// <summary>
    /// Access is reviewed at a stated interval and revoked within a stated number of hours
    /// (164.308(a)(3)(ii)(C); 164.308(a)(4)(ii)(C)).
    /// </summary>
    AccessReviewAndDeprovisioning = 11,

    /// <summary>Documentation is retained for a stated number of years (164.316(b)(2)(i)).</summary>
    Retention = 12,
}
