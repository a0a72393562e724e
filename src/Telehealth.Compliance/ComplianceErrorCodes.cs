namespace Telehealth.Compliance;

/// <summary>
/// The stable codes of <see cref="ComplianceException"/> (<c>TH5001</c>–<c>TH5199</c>); the codes of findings are in
/// <see cref="FindingCodes"/>. A code never changes meaning once published; a new failure gets a new code. Branch on
/// <see cref="ComplianceException.Code"/> against these constants, never on the message.
/// </summary>
public static class ComplianceErrorCodes
{
    /// <summary>The citation is not in the catalog.</summary>
    public const string UnknownCitation = "TH5001";

    /// <summary>The catalog version is not known.</summary>
    public const string UnknownCatalogVersion = "TH5002";

    /// <summary>A specification was passed where a standard is expected.</summary>
    public const string NotAStandard = "TH5003";

    /// <summary>An addressable decision was made for a standard rather than an implementation specification.</summary>
    public const string DecisionOnStandard = "TH5010";

    /// <summary>An addressable decision was made for a required specification, where there is nothing to decide.</summary>
    public const string DecisionOnRequiredSpecification = "TH5011";

    /// <summary>An addressable decision has no rationale.</summary>
    public const string DecisionRationaleMissing = "TH5012";

    /// <summary>An addressable decision names no approver.</summary>
    public const string DecisionApproverMissing = "TH5013";

    /// <summary>An addressable decision's next review date is not after its decision date.</summary>
    public const string DecisionReviewNotAfterDecision = "TH5014";

    /// <summary>An equivalent alternative does not describe the alternative measure.</summary>
    public const string DecisionAlternativeMissing = "TH5015";

    /// <summary>An addressable decision's outcome is not a defined value.</summary>
    public const string DecisionOutcomeUndefined = "TH5016";

    /// <summary>A capability id is not well formed.</summary>
    public const string MalformedCapabilityId = "TH5020";

    /// <summary>A capability maps to a citation that is not in the catalog.</summary>
    public const string CapabilityCitationUnknown = "TH5021";

    /// <summary>A capability maps to no citation.</summary>
    public const string CapabilityWithoutCitations = "TH5022";

    /// <summary>A record id (vendor, risk, evidence, breach assessment, party, metric) is not well formed.</summary>
    public const string MalformedId = "TH5023";

    /// <summary>A record with the id is already recorded.</summary>
    public const string DuplicateId = "TH5024";

    /// <summary>No record with the id is recorded.</summary>
    public const string UnknownId = "TH5025";

    /// <summary>A required field is missing or blank.</summary>
    public const string FieldMissing = "TH5026";

    /// <summary>A signed, expired or terminated business associate agreement does not state the date it was signed.</summary>
    public const string AgreementNotDated = "TH5027";

    /// <summary>A business associate agreement's renewal date is not after the date it was signed.</summary>
    public const string RenewalNotAfterSigning = "TH5028";

    /// <summary>A number is out of its range.</summary>
    public const string OutOfRange = "TH5029";

    /// <summary>An enum holds a value that is not defined (or, for risk levels, not on the register's scale).</summary>
    public const string UndefinedValue = "TH5030";

    /// <summary>A risk is closed without linked evidence of its treatment.</summary>
    public const string RiskClosedWithoutEvidence = "TH5031";

    /// <summary>A risk has a closing date but is not closed.</summary>
    public const string RiskClosedOnWithoutClosure = "TH5032";

    /// <summary>A risk is closed with an evidence id the evidence register does not hold.</summary>
    public const string RiskEvidenceNotRecorded = "TH5033";

    /// <summary>A risk acceptance's review date is not after the date it was accepted.</summary>
    public const string RiskAcceptanceReviewNotAfterAcceptance = "TH5034";

    /// <summary>An accepted risk whose treatment is not Accept, or an acceptance on a risk that is not accepted.</summary>
    public const string RiskAcceptanceInconsistent = "TH5035";

    /// <summary>A breach assessment's exclusion and conclusion disagree.</summary>
    public const string BreachExclusionInconsistent = "TH5040";

    /// <summary>A low probability of compromise without every factor of 164.402(2) documented.</summary>
    public const string BreachFactorMissing = "TH5041";

    /// <summary>A written law enforcement statement is dated before the oral one it follows.</summary>
    public const string WrittenStatementBeforeOral = "TH5042";

    /// <summary>A business associate chain has fewer than two parties, or its first party no discovery date.</summary>
    public const string BreachChainIncomplete = "TH5043";

    /// <summary>A party of a chain is recorded as notifying the party above before it discovered the breach.</summary>
    public const string NotifiedBeforeDiscovery = "TH5044";

    /// <summary>A notice is recorded that the breach's schedule does not require.</summary>
    public const string NoSuchNotice = "TH5045";

    /// <summary>A law enforcement statement is dated before the breach was discovered.</summary>
    public const string DelayBeforeDiscovery = "TH5046";

    /// <summary>A key of the affected individuals is neither a USPS code nor a name of a State, DC or a territory, nor the unknown key.</summary>
    public const string UnknownJurisdiction = "TH5047";

    /// <summary>An evidence item expires before it was collected.</summary>
    public const string EvidenceExpiresNotAfterCollected = "TH5050";

    /// <summary>An evidence collector returned an invalid item; none of its items were recorded.</summary>
    public const string CollectorReturnedInvalid = "TH5051";

    /// <summary>A register refers to another catalog version than the assessment.</summary>
    public const string CatalogMismatch = "TH5070";

    /// <summary>The record store is damaged: not complete JSON, a checksum mismatch, a record that fails its register's checks.</summary>
    public const string StoreDamaged = "TH5071";

    /// <summary>The record store has an unknown format or version.</summary>
    public const string StoreFormatUnknown = "TH5072";

    /// <summary>The record store holds records of another catalog version.</summary>
    public const string StoreCatalogMismatch = "TH5073";

    /// <summary>The record store stayed locked by another writer.</summary>
    public const string StoreLocked = "TH5074";

    /// <summary>Saving would lose stored documentation.</summary>
    public const string StoreWouldLoseRecords = "TH5075";

    /// <summary>A plan of action and milestones was asked of an assessment without findings.</summary>
    public const string NothingToPlan = "TH5076";
}
