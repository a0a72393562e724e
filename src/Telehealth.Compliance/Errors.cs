using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>Creates every exception of the package, so codes (<see cref="ComplianceErrorCodes"/>) and wording stay consistent.</summary>
internal static class Errors
{
    public static ComplianceException UnknownCitation(string citation, string version) =>
        new(ComplianceErrorCodes.UnknownCitation, $"'{citation}' is not a citation in the HIPAA Security Rule catalog {version}.");

    public static ComplianceException UnknownVersion(string version) =>
        new(ComplianceErrorCodes.UnknownCatalogVersion, $"'{version}' is not a known HIPAA Security Rule catalog version; known versions: {string.Join(", ", SecurityRuleCatalog.Versions)}.");

    public static ComplianceException NotAStandard(string citation) =>
        new(ComplianceErrorCodes.NotAStandard, $"{citation} is an implementation specification, not a standard.");

    public static ComplianceException DecisionOnStandard(string citation) =>
        new(ComplianceErrorCodes.DecisionOnStandard, $"{citation} is a standard; addressable decisions are made for implementation specifications.");

    public static ComplianceException DecisionOnRequired(SecurityRuleEntry entry) =>
        new(ComplianceErrorCodes.DecisionOnRequiredSpecification, $"{entry.Citation} ({entry.Title}) is a required implementation specification; it must be implemented, so an addressable decision under 164.306(d)(3) does not apply.");

    public static ComplianceException RationaleMissing() =>
        new(ComplianceErrorCodes.DecisionRationaleMissing, "An addressable decision must state its rationale.");

    public static ComplianceException ApproverMissing() =>
        new(ComplianceErrorCodes.DecisionApproverMissing, "An addressable decision must name its approver.");

    public static ComplianceException ReviewNotAfterDecision(DateOnly decidedOn, DateOnly nextReviewOn) =>
        new(ComplianceErrorCodes.DecisionReviewNotAfterDecision, string.Create(CultureInfo.InvariantCulture, $"The next review date ({nextReviewOn:yyyy-MM-dd}) must be after the decision date ({decidedOn:yyyy-MM-dd})."));

    public static ComplianceException AlternativeMissing() =>
        new(ComplianceErrorCodes.DecisionAlternativeMissing, "A decision for an equivalent alternative must describe the alternative measure.");

    public static ComplianceException UndefinedOutcome(AddressableDecisionOutcome outcome) =>
        new(ComplianceErrorCodes.DecisionOutcomeUndefined, string.Create(CultureInfo.InvariantCulture, $"The decision outcome {(int)outcome} is not defined."));

    public static ComplianceException MalformedCapabilityId(string capabilityId) =>
        new(ComplianceErrorCodes.MalformedCapabilityId, $"'{capabilityId}' is not a well-formed capability id; use lower-case dotted segments such as 'telehealth.audit.log'.");

    public static ComplianceException CapabilityCitationUnknown(string capabilityId, string citation, string version) =>
        new(ComplianceErrorCodes.CapabilityCitationUnknown, $"Capability '{capabilityId}' maps to '{citation}', which is not a citation in the HIPAA Security Rule catalog {version}.");

    public static ComplianceException CapabilityWithoutCitations(string capabilityId) =>
        new(ComplianceErrorCodes.CapabilityWithoutCitations, $"Capability '{capabilityId}' maps to no citation.");

    public static ComplianceException MalformedId(string kind, string id) =>
        new(ComplianceErrorCodes.MalformedId, $"'{id}' is not a well-formed {kind} id; use lower-case letters and digits in segments joined by '-' or '.', such as 'video-relay'.");

    public static ComplianceException Duplicate(string kind, string id) =>
        new(ComplianceErrorCodes.DuplicateId, $"A {kind} with id '{id}' is already recorded.");

    public static ComplianceException Unknown(string kind, string id) =>
        new(ComplianceErrorCodes.UnknownId, $"No {kind} with id '{id}' is recorded.");

    public static ComplianceException FieldMissing(string type, string field) =>
        new(ComplianceErrorCodes.FieldMissing, $"{type}.{field} is required and must not be blank.");

    public static ComplianceException AgreementNotDated(BaaStatus status) =>
        new(ComplianceErrorCodes.AgreementNotDated, $"A business associate agreement with status {status} must state the date it was signed.");

    public static ComplianceException RenewalNotAfterSigning(DateOnly signedOn, DateOnly renewalDueOn) =>
        new(ComplianceErrorCodes.RenewalNotAfterSigning, string.Create(CultureInfo.InvariantCulture, $"The renewal date ({renewalDueOn:yyyy-MM-dd}) of a business associate agreement must be after the date it was signed ({signedOn:yyyy-MM-dd})."));

    public static ComplianceException OutOfRange(string name, long value, string rule) =>
        new(ComplianceErrorCodes.OutOfRange, string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it {rule}."));

    public static ComplianceException UndefinedValue(string type, int value) =>
        new(ComplianceErrorCodes.UndefinedValue, string.Create(CultureInfo.InvariantCulture, $"{value} is not a defined value of {type}."));

    public static ComplianceException ClosedWithoutEvidence(string riskId) =>
        new(ComplianceErrorCodes.RiskClosedWithoutEvidence, $"Risk '{riskId}' cannot be closed without linked evidence of its treatment.");

    public static ComplianceException ClosedOnWithoutClosure(string riskId, RiskStatus status) =>
        new(ComplianceErrorCodes.RiskClosedOnWithoutClosure, $"Risk '{riskId}' has a closing date but its status is {status}.");

    public static ComplianceException EvidenceNotRecorded(string riskId, string evidenceId) =>
        new(ComplianceErrorCodes.RiskEvidenceNotRecorded, $"Risk '{riskId}' cannot be closed with evidence '{evidenceId}', which is not in the evidence register.");

    public static ComplianceException AcceptanceReviewNotAfterAcceptance(string riskId, DateOnly acceptedOn, DateOnly reviewOn) =>
        new(ComplianceErrorCodes.RiskAcceptanceReviewNotAfterAcceptance, string.Create(CultureInfo.InvariantCulture, $"The review date of the acceptance of risk '{riskId}' ({reviewOn:yyyy-MM-dd}) must be after the date it was accepted ({acceptedOn:yyyy-MM-dd})."));

    public static ComplianceException AcceptedWithOtherTreatment(string riskId, RiskTreatment treatment) =>
        new(ComplianceErrorCodes.RiskAcceptanceInconsistent, $"Risk '{riskId}' is Accepted but its treatment is {treatment}; an accepted risk has the treatment Accept.");

    public static ComplianceException AcceptanceWithoutAcceptedStatus(string riskId, RiskStatus status) =>
        new(ComplianceErrorCodes.RiskAcceptanceInconsistent, $"Risk '{riskId}' documents an acceptance but its status is {status}; only an accepted risk carries one.");

    public static ComplianceException ExclusionInconsistent(BreachConclusion conclusion, BreachExclusion? exclusion) =>
        new(ComplianceErrorCodes.BreachExclusionInconsistent, exclusion is null
            ? $"The conclusion {conclusion} requires the exclusion of 164.402(1) that applies."
            : $"The exclusion {exclusion} is recorded, but the conclusion is {conclusion}; an excluded incident is not a breach.");

    public static ComplianceException FactorMissing(string factor) =>
        new(ComplianceErrorCodes.BreachFactorMissing, $"A low probability of compromise must be demonstrated on each factor of 164.402(2); factor {factor} is not documented.");

    public static ComplianceException WrittenBeforeOral(DateOnly oralOn, DateOnly writtenOn) =>
        new(ComplianceErrorCodes.WrittenStatementBeforeOral, string.Create(CultureInfo.InvariantCulture, $"The written law enforcement statement ({writtenOn:yyyy-MM-dd}) cannot precede the oral statement it follows ({oralOn:yyyy-MM-dd})."));

    public static ComplianceException ChainIncomplete() =>
        new(ComplianceErrorCodes.BreachChainIncomplete, "A business associate chain needs at least two parties, and the first must state when it discovered the breach.");

    public static ComplianceException NotifiedBeforeDiscovery(string partyId) =>
        new(ComplianceErrorCodes.NotifiedBeforeDiscovery, $"Party '{partyId}' is recorded as notifying the party above before it discovered the breach.");

    public static ComplianceException NoSuchNotice(string assessmentId, BreachNotificationRecipient recipient, string? jurisdiction) =>
        new(ComplianceErrorCodes.NoSuchNotice, $"The schedule of breach assessment '{assessmentId}' requires no notice to {recipient}{(jurisdiction is null ? string.Empty : " in " + jurisdiction)}.");

    public static ComplianceException DelayBeforeDiscovery(DateOnly statementOn, DateOnly discoveredOn) =>
        new(ComplianceErrorCodes.DelayBeforeDiscovery, string.Create(CultureInfo.InvariantCulture, $"The law enforcement statement of {statementOn:yyyy-MM-dd} is dated before the breach was discovered ({discoveredOn:yyyy-MM-dd}); a delay cannot precede discovery."));

    public static ComplianceException UnknownJurisdiction() =>
        new(ComplianceErrorCodes.UnknownJurisdiction, "A key of BreachAssessment.AffectedByJurisdiction is neither the USPS code nor the name of a State, the District of Columbia or a territory, nor 'unknown'; use codes such as 'CA' or 'PR'.");

    public static ComplianceException ExpiresNotAfterCollected(string evidenceId) =>
        new(ComplianceErrorCodes.EvidenceExpiresNotAfterCollected, $"Evidence '{evidenceId}' must expire after it was collected.");

    public static ComplianceException CollectorReturnedInvalid(string collectorName, Exception reason) =>
        new(ComplianceErrorCodes.CollectorReturnedInvalid, $"Evidence collector '{collectorName}' returned an invalid item; none of its items were recorded.", reason);

    public static ComplianceException CatalogMismatch(string expected, string actual) =>
        new(ComplianceErrorCodes.CatalogMismatch, $"A register refers to catalog version '{actual}', but the assessment is of version '{expected}'.");

    public static ComplianceException NothingToPlan(string title) =>
        new(ComplianceErrorCodes.NothingToPlan, $"The assessment '{title}' has no open finding, so there is no plan of action and milestones: OSCAL requires at least one item.");

    public static ComplianceException StoreDamaged(string path, string reason, Exception? inner = null) =>
        new(ComplianceErrorCodes.StoreDamaged, $"The compliance record store '{path}' is damaged: {reason} Nothing was loaded or changed; restore the file from a backup.", inner);

    public static ComplianceException StoreFormatUnknown(string path, string found) =>
        new(ComplianceErrorCodes.StoreFormatUnknown, $"The compliance record store '{path}' has the format {found}; this version reads {FileComplianceRecordStore.FormatName} versions {FileComplianceRecordStore.OldestReadableFormatVersion} to {FileComplianceRecordStore.FormatVersion}. Nothing was loaded or changed.");

    public static ComplianceException StoreCatalogMismatch(string path, string stored, string expected) =>
        new(ComplianceErrorCodes.StoreCatalogMismatch, $"The compliance record store '{path}' holds records of catalog version '{stored}', but the registers use version '{expected}'.");

    public static ComplianceException StoreLocked(string path, TimeSpan waited, Exception inner) =>
        new(ComplianceErrorCodes.StoreLocked, string.Create(CultureInfo.InvariantCulture, $"The compliance record store '{path}' stayed locked by another writer for {waited.TotalSeconds:0} seconds."), inner);

    public static ComplianceException StoreWouldLoseRecords(string path, string reason) =>
        new(ComplianceErrorCodes.StoreWouldLoseRecords, $"Saving to the compliance record store '{path}' would lose stored documentation: {reason}. Nothing was changed; load the stored records into new registers and apply the change again.");
}
