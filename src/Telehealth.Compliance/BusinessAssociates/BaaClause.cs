namespace Telehealth.Compliance;

/// <summary>
/// A clause of a business associate agreement that the checklist (<see cref="BaaClauseChecklist"/>) looks for: those
/// 45 CFR 164.504(e)(2) and 164.314(a)(2)(i) require (<see cref="BaaClauseBasis.Regulation"/>) and good practice the
/// organization may require (<see cref="BaaClauseBasis.Policy"/>). The numbers are stable; new clauses get new numbers.
/// </summary>
public enum BaaClause
{
    /// <summary>The permitted and required uses and disclosures of PHI (164.504(e)(2)(i)).</summary>
    PermittedUsesAndDisclosures = 1,

    /// <summary>Uses, disclosures and requests limited to the minimum necessary (164.502(b)); policy, not a required clause.</summary>
    MinimumNecessary = 2,

    /// <summary>Encryption of ePHI at rest and in transit (164.312(a)(2)(iv), (e)(2)(ii)); policy, beyond the general commitment of <see cref="SecurityRuleCompliance"/>.</summary>
    Encryption = 3,

    /// <summary>Role-based access control (164.312(a)(1)); policy, beyond the general commitment of <see cref="SecurityRuleCompliance"/>.</summary>
    RoleBasedAccessControl = 4,

    /// <summary>Multi-factor authentication (164.312(d)); policy, beyond the general commitment of <see cref="SecurityRuleCompliance"/>.</summary>
    MultiFactorAuthentication = 5,

    /// <summary>Audit logging of access to ePHI (164.312(b)); policy, beyond the general commitment of <see cref="SecurityRuleCompliance"/>.</summary>
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
    /// Internal practices, books and records are available to the Secretary (164.504(e)(2)(ii)(I)); the agreement may also open them to the covered entity for audit.
    /// </summary>
    RightToAudit = 10,

    /// <summary>
    /// Access is reviewed at a stated interval and revoked within a stated number of hours
    /// (164.308(a)(3)(ii)(C); 164.308(a)(4)(ii)(C)); policy, not a required clause.
    /// </summary>
    AccessReviewAndDeprovisioning = 11,

    /// <summary>Documentation is retained for a stated number of years (164.316(b)(2)(i)); policy, not a required clause.</summary>
    Retention = 12,

    /// <summary>
    /// The business associate complies with the applicable requirements of Subpart C (the Security Rule) and uses appropriate
    /// safeguards (164.314(a)(2)(i)(A); 164.504(e)(2)(ii)(B)).
    /// </summary>
    SecurityRuleCompliance = 13,

    /// <summary>
    /// Any use or disclosure of PHI not provided for by the contract is reported to the covered entity, not only security
    /// incidents and breaches (164.504(e)(2)(ii)(C)).
    /// </summary>
    UnauthorizedUseOrDisclosureReporting = 14,

    /// <summary>PHI in a designated record set is made available for the individual's access (164.504(e)(2)(ii)(E); 164.524).</summary>
    IndividualAccess = 15,

    /// <summary>PHI is made available for amendment and amendments are incorporated (164.504(e)(2)(ii)(F); 164.526).</summary>
    Amendment = 16,

    /// <summary>The information needed for an accounting of disclosures is made available (164.504(e)(2)(ii)(G); 164.528).</summary>
    AccountingOfDisclosures = 17,

    /// <summary>
    /// Where the business associate carries out an obligation of the covered entity under Subpart E (the Privacy Rule), it
    /// complies with the requirements of Subpart E that apply to the covered entity in that obligation (164.504(e)(2)(ii)(H)).
    /// </summary>
    PrivacyRuleObligations = 18,

    /// <summary>The covered entity may terminate the contract if the business associate violates a material term (164.504(e)(2)(iii)).</summary>
    TerminationForMaterialBreach = 19,
}
