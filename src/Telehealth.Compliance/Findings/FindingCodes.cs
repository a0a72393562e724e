namespace Telehealth.Compliance;

/// <summary>
/// The stable codes of <see cref="ComplianceFinding"/>. Findings use the range <c>TH5200</c>–<c>TH5299</c>, apart from
/// the exception codes (<c>TH5001</c>–<c>TH5199</c>) of <see cref="ComplianceException"/>. A code never changes
/// meaning once published; a new kind of finding gets a new code.
/// </summary>
public static class FindingCodes
{
    /// <summary>PHI flows to a vendor that has no active business associate agreement (164.308(b)(1), 164.502(e)).</summary>
    public const string PhiFlowWithoutActiveBaa = "TH5201";

    /// <summary>A business associate agreement lacks a clause that 164.504(e)(2) or 164.314(a)(2)(i) requires (<see cref="BaaClauseBasis.Regulation"/>).</summary>
    public const string BaaClauseMissing = "TH5202";

    /// <summary>
    /// A clause of a business associate agreement is weaker than the policy, such as a longer breach notice period; cited as
    /// 164.314(a)(2)(i)(C) when the period also exceeds the 60 days of 164.410(b), otherwise a policy gap without citation.
    /// </summary>
    public const string BaaClauseWeakerThanPolicy = "TH5203";

    /// <summary>A business associate agreement is due for renewal within the policy's notice window.</summary>
    public const string BaaRenewalDue = "TH5204";

    /// <summary>A business associate agreement has lapsed: its renewal date has passed, or it is expired or terminated.</summary>
    public const string BaaLapsed = "TH5205";

    /// <summary>A vendor's periodic review is due within the policy's notice window.</summary>
    public const string VendorReviewDue = "TH5206";

    /// <summary>A vendor's periodic review is overdue, or the vendor has never been reviewed.</summary>
    public const string VendorReviewOverdue = "TH5207";

    /// <summary>A vendor has subcontractors but its agreement lacks the subcontractor flow-down clause (164.314(a)(2)(i)(B)).</summary>
    public const string FlowDownClauseMissing = "TH5208";

    /// <summary>A subcontractor has no active agreement with the business associate that engages it (164.314(a)(2)(iii)).</summary>
    public const string SubcontractorWithoutActiveBaa = "TH5209";

    /// <summary>
    /// A subcontractor's agreement lacks a clause of, or is weaker than, the agreement of the vendor that engages it; cited as
    /// 164.314(a)(2)(i)(B) for a clause the rule requires, without citation for a policy clause.
    /// </summary>
    public const string FlowDownNotMet = "TH5210";

    /// <summary>The subcontractor graph has a cycle: a vendor is, through other vendors, its own subcontractor.</summary>
    public const string SubcontractorCycle = "TH5211";

    /// <summary>A vendor lists a subcontractor id that is not in the inventory.</summary>
    public const string UnknownSubcontractor = "TH5212";

    /// <summary>
    /// A business associate agreement lacks a clause that the organization's policy requires but the rule does not
    /// (<see cref="BaaClauseBasis.Policy"/>, such as multi-factor authentication); a policy gap, reported without citation.
    /// </summary>
    public const string BaaPolicyClauseMissing = "TH5213";

    /// <summary>A risk is not closed after the due date of its treatment (164.308(a)(1)(ii)(B)).</summary>
    public const string RiskTreatmentOverdue = "TH5220";

    /// <summary>The risk assessment is older than the assessment interval, or none was recorded (164.308(a)(1)(ii)(A)).</summary>
    public const string RiskAssessmentOverdue = "TH5221";

    /// <summary>A major change was recorded after the last risk assessment (164.308(a)(1)(ii)(A), 164.306(e)).</summary>
    public const string RiskAssessmentAfterMajorChange = "TH5222";

    /// <summary>The review date of an accepted risk's acceptance has passed (164.308(a)(1)(ii)(B)).</summary>
    public const string RiskAcceptanceReviewOverdue = "TH5223";

    /// <summary>
    /// A risk at the highest level of the scale (Very High on the NIST SP 800-30 scale) is open or in treatment, so risk
    /// management (164.308(a)(1)(ii)(B)) is not met, whatever other evidence says.
    /// </summary>
    public const string HighestRiskOpen = "TH5224";

    /// <summary>An evidence item has expired and must be collected again.</summary>
    public const string EvidenceStale = "TH5240";

    /// <summary>A current evidence item shows a gap (<see cref="EvidenceOutcome.NotSatisfied"/>).</summary>
    public const string EvidenceNotSatisfied = "TH5241";

    /// <summary>An addressable specification has no documented decision (164.306(d)(3)); reported by <see cref="ComplianceAssessment"/>.</summary>
    public const string AddressableDecisionMissing = "TH5230";

    /// <summary>The decision for an addressable specification is past its review date; reported by <see cref="ComplianceAssessment"/>.</summary>
    public const string AddressableDecisionReviewOverdue = "TH5231";

    /// <summary>A required breach notice has not been given and its deadline has passed (164.404–164.410).</summary>
    public const string BreachNoticeOverdue = "TH5250";

    /// <summary>A breach notice was given after its deadline.</summary>
    public const string BreachNoticeLate = "TH5251";

    /// <summary>A breach notice was given before a law enforcement delay ended (164.412).</summary>
    public const string BreachNoticeDuringDelay = "TH5252";

    /// <summary>
    /// A law enforcement delay was requested after a notice's deadline had passed and the notice was not given in time;
    /// the delay does not excuse the missed deadline (164.412).
    /// </summary>
    public const string LawEnforcementDelayAfterDeadline = "TH5253";
}
