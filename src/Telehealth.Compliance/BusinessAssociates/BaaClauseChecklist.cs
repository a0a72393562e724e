namespace Telehealth.Compliance;

/// <summary>
/// The clauses a business associate agreement is checked for. <see cref="BaaClauseBasis.Regulation"/> clauses are what
/// 45 CFR 164.504(e)(2) and 164.314(a)(2)(i) require the contract to provide; they are always required, and each cites the
/// paragraph that requires it first. <see cref="BaaClauseBasis.Policy"/> clauses are safeguards and service levels the
/// telehealth guidance expects to be written into the agreement but the rule does not require in the contract; they cite
/// the related sections for context. Citations outside the Security Rule (164.5xx, 164.410) are cited as text; they are
/// not entries of <see cref="SecurityRuleCatalog"/>.
/// </summary>
public static class BaaClauseChecklist
{
    /// <summary>Gets every checklist item, in the order of <see cref="BaaClause"/>.</summary>
    public static IReadOnlyList<BaaClauseRequirement> Items { get; } =
    [
        new(BaaClause.PermittedUsesAndDisclosures, BaaClauseBasis.Regulation, "Permitted uses and disclosures",
            "Establishes the permitted and required uses and disclosures of PHI and that the business associate will not use or further disclose it otherwise.",
            ["164.504(e)(2)(i)", "164.504(e)(2)(ii)(A)"]),
        new(BaaClause.MinimumNecessary, BaaClauseBasis.Policy, "Minimum necessary",
            "Limits uses, disclosures and requests of PHI to the minimum necessary for the contracted purpose.",
            ["164.502(b)", "164.514(d)"]),
        new(BaaClause.Encryption, BaaClauseBasis.Policy, "Encryption",
            "Requires encryption of ePHI at rest and in transit.",
            ["164.312(a)(2)(iv)", "164.312(e)(2)(ii)"]),
        new(BaaClause.RoleBasedAccessControl, BaaClauseBasis.Policy, "Role-based access control",
            "Requires access to ePHI to be granted by role and limited to those who need it.",
            ["164.312(a)(1)", "164.308(a)(4)"]),
        new(BaaClause.MultiFactorAuthentication, BaaClauseBasis.Policy, "Multi-factor authentication",
            "Requires multi-factor authentication for access to systems holding ePHI.",
            ["164.312(d)"]),
        new(BaaClause.AuditLogging, BaaClauseBasis.Policy, "Audit logging",
            "Requires activity in systems holding ePHI to be logged and the logs to be examined.",
            ["164.312(b)", "164.308(a)(1)(ii)(D)"]),
        new(BaaClause.SubcontractorFlowDown, BaaClauseBasis.Regulation, "Subcontractor flow-down",
            "Requires every subcontractor that handles PHI to agree in writing to the same restrictions, conditions and safeguards.",
            ["164.314(a)(2)(i)(B)", "164.504(e)(2)(ii)(D)", "164.502(e)(1)(ii)"]),
        new(BaaClause.IncidentAndBreachReporting, BaaClauseBasis.Regulation, "Security incident and breach reporting",
            "Requires security incidents, including breaches of unsecured PHI, to be reported, within a stated number of days of discovery.",
            ["164.314(a)(2)(i)(C)", "164.504(e)(2)(ii)(C)", "164.410"]),
        new(BaaClause.ReturnOrDestruction, BaaClauseBasis.Regulation, "Return or destruction at termination",
            "Requires PHI to be returned or destroyed at termination, or protected for as long as return or destruction is infeasible.",
            ["164.504(e)(2)(ii)(J)"]),
        new(BaaClause.RightToAudit, BaaClauseBasis.Regulation, "Right to audit",
            "Makes internal practices, books and records relating to PHI available to the Secretary, and to the covered entity for audit.",
            ["164.504(e)(2)(ii)(I)"]),
        new(BaaClause.AccessReviewAndDeprovisioning, BaaClauseBasis.Policy, "Access review and deprovisioning",
            "States how often access rights are reviewed and within how many hours access is revoked when no longer needed.",
            ["164.308(a)(3)(ii)(C)", "164.308(a)(4)(ii)(C)"]),
        new(BaaClause.Retention, BaaClauseBasis.Policy, "Retention",
            "States for how many years documentation, including logs, is retained.",
            ["164.316(b)(2)(i)"]),
        new(BaaClause.SecurityRuleCompliance, BaaClauseBasis.Regulation, "Compliance with the Security Rule",
            "Requires the business associate to comply with the applicable requirements of Subpart C and use appropriate safeguards to prevent uses or disclosures not provided for by the contract.",
            ["164.314(a)(2)(i)(A)", "164.504(e)(2)(ii)(B)"]),
        new(BaaClause.UnauthorizedUseOrDisclosureReporting, BaaClauseBasis.Regulation, "Reporting of uses and disclosures not provided for",
            "Requires any use or disclosure of PHI not provided for by the contract to be reported to the covered entity, including breaches of unsecured PHI.",
            ["164.504(e)(2)(ii)(C)"]),
        new(BaaClause.IndividualAccess, BaaClauseBasis.Regulation, "Access of individuals",
            "Requires PHI in a designated record set to be made available so the covered entity can meet the individual's right of access.",
            ["164.504(e)(2)(ii)(E)", "164.524"]),
        new(BaaClause.Amendment, BaaClauseBasis.Regulation, "Amendment",
            "Requires PHI to be made available for amendment and amendments to be incorporated.",
            ["164.504(e)(2)(ii)(F)", "164.526"]),
        new(BaaClause.AccountingOfDisclosures, BaaClauseBasis.Regulation, "Accounting of disclosures",
            "Requires the information needed for an accounting of disclosures to be made available.",
            ["164.504(e)(2)(ii)(G)", "164.528"]),
        new(BaaClause.PrivacyRuleObligations, BaaClauseBasis.Regulation, "Privacy Rule obligations carried out for the covered entity",
            "Requires the business associate, to the extent it carries out an obligation of the covered entity under Subpart E, to comply with the requirements of Subpart E that apply to the covered entity in that obligation.",
            ["164.504(e)(2)(ii)(H)"]),
        new(BaaClause.TerminationForMaterialBreach, BaaClauseBasis.Regulation, "Termination for material breach",
            "Authorizes the covered entity to terminate the contract if it determines that the business associate has violated a material term.",
            ["164.504(e)(2)(iii)"]),
    ];

    /// <summary>Gets the checklist item of a clause.</summary>
    /// <param name="clause">The clause.</param>
    /// <returns>The checklist item.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clause"/> is not a defined value.</exception>
    public static BaaClauseRequirement Get(BaaClause clause) =>
        Enum.IsDefined(clause) ? Items[(int)clause - 1] : throw new ArgumentOutOfRangeException(nameof(clause));
}
