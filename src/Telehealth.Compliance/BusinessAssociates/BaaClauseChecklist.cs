namespace Telehealth.Compliance;

/// <summary>
/// The clauses a business associate agreement is checked for, from 45 CFR 164.314(a)(2)(i) and 164.504(e), with the
/// safeguards and service levels the telehealth guidance expects to be written into the agreement. Citations outside
/// the Security Rule (164.502, 164.504, 164.410) are cited as text; they are not entries of <see cref="SecurityRuleCatalog"/>.
/// </summary>
public static class BaaClauseChecklist
{
    /// <summary>Gets every checklist item, in the order of <see cref="BaaClause"/>.</summary>
    public static IReadOnlyList<BaaClauseRequirement> Items { get; } =
    [
        new(BaaClause.PermittedUsesAndDisclosures, "Permitted uses and disclosures",
            "Establishes the permitted and required uses and disclosures of PHI and that the business associate will not use or further disclose it otherwise.",
            ["164.504(e)(2)(i)", "164.504(e)(2)(ii)(A)"]),
        new(BaaClause.MinimumNecessary, "Minimum necessary",
            "Limits uses, disclosures and requests of PHI to the minimum necessary for the contracted purpose.",
            ["164.502(b)", "164.504(e)(2)(i)"]),
        new(BaaClause.Encryption, "Encryption",
            "Requires encryption of ePHI at rest and in transit.",
            ["164.314(a)(2)(i)(A)", "164.312(a)(2)(iv)", "164.312(e)(2)(ii)"]),
        new(BaaClause.RoleBasedAccessControl, "Role-based access control",
            "Requires access to ePHI to be granted by role and limited to those who need it.",
            ["164.314(a)(2)(i)(A)", "164.312(a)(1)"]),
        new(BaaClause.MultiFactorAuthentication, "Multi-factor authentication",
            "Requires multi-factor authentication for access to systems holding ePHI.",
            ["164.314(a)(2)(i)(A)", "164.312(d)"]),
        new(BaaClause.AuditLogging, "Audit logging",
            "Requires activity in systems holding ePHI to be logged and the logs to be examined.",
            ["164.314(a)(2)(i)(A)", "164.312(b)"]),
        new(BaaClause.SubcontractorFlowDown, "Subcontractor flow-down",
            "Requires every subcontractor that handles PHI to agree in writing to the same restrictions, conditions and safeguards.",
            ["164.314(a)(2)(i)(B)", "164.504(e)(2)(ii)(D)"]),
        new(BaaClause.IncidentAndBreachReporting, "Security incident and breach reporting",
            "Requires security incidents and breaches of unsecured PHI to be reported within a stated number of days of discovery.",
            ["164.314(a)(2)(i)(C)", "164.504(e)(2)(ii)(C)", "164.410"]),
        new(BaaClause.ReturnOrDestruction, "Return or destruction at termination",
            "Requires PHI to be returned or destroyed at termination, or protected for as long as return or destruction is infeasible.",
            ["164.504(e)(2)(ii)(J)"]),
        new(BaaClause.RightToAudit, "Right to audit",
            "Makes books, records and practices available to the Secretary and to the covered entity for audit.",
            ["164.504(e)(2)(ii)(I)"]),
        new(BaaClause.AccessReviewAndDeprovisioning, "Access review and deprovisioning",
            "States how often access rights are reviewed and within how many hours access is revoked when no longer needed.",
            ["164.308(a)(3)(ii)(C)", "164.308(a)(4)(ii)(C)"]),
        new(BaaClause.Retention, "Retention",
            "States for how many years documentation, including logs, is retained.",
            ["164.316(b)(2)(i)"]),
    ];

    /// <summary>Gets the checklist item of a clause.</summary>
    /// <param name="clause">The clause.</param>
    /// <returns>The checklist item.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clause"/> is not a defined value.</exception>
    public static BaaClauseRequirement Get(BaaClause clause) =>
        Enum.IsDefined(clause) ? Items[(int)clause - 1] : throw new ArgumentOutOfRangeException(nameof(clause));
}
