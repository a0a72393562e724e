using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>Creates every exception of the package, so codes and wording stay consistent.</summary>
internal static class Errors
{
    public static ComplianceException UnknownCitation(string citation, string version) =>
        new("TH5001", $"'{citation}' is not a citation in the HIPAA Security Rule catalog {version}.");

    public static ComplianceException UnknownVersion(string version) =>
        new("TH5002", $"'{version}' is not a known HIPAA Security Rule catalog version; known versions: {string.Join(", ", SecurityRuleCatalog.Versions)}.");

    public static ComplianceException NotAStandard(string citation) =>
        new("TH5003", $"{citation} is an implementation specification, not a standard.");

    public static ComplianceException DecisionOnStandard(string citation) =>
        new("TH5010", $"{citation} is a standard; addressable decisions are made for implementation specifications.");

    public static ComplianceException DecisionOnRequired(SecurityRuleEntry entry) =>
        new("TH5011", $"{entry.Citation} ({entry.Title}) is a required implementation specification; it must be implemented, so an addressable decision under 164.306(d)(3) does not apply.");

    public static ComplianceException RationaleMissing() =>
        new("TH5012", "An addressable decision must state its rationale.");

    public static ComplianceException ApproverMissing() =>
        new("TH5013", "An addressable decision must name its approver.");

    public static ComplianceException ReviewNotAfterDecision(DateOnly decidedOn, DateOnly nextReviewOn) =>
        new("TH5014", string.Create(CultureInfo.InvariantCulture, $"The next review date ({nextReviewOn:yyyy-MM-dd}) must be after the decision date ({decidedOn:yyyy-MM-dd})."));

    public static ComplianceException AlternativeMissing() =>
        new("TH5015", "A decision for an equivalent alternative must describe the alternative measure.");

    public static ComplianceException UndefinedOutcome(AddressableDecisionOutcome outcome) =>
        new("TH5016", string.Create(CultureInfo.InvariantCulture, $"The decision outcome {(int)outcome} is not defined."));

    public static ComplianceException MalformedCapabilityId(string capabilityId) =>
        new("TH5020", $"'{capabilityId}' is not a well-formed capability id; use lower-case dotted segments such as 'telehealth.audit.log'.");

    public static ComplianceException CapabilityCitationUnknown(string capabilityId, string citation, string version) =>
        new("TH5021", $"Capability '{capabilityId}' maps to '{citation}', which is not a citation in the HIPAA Security Rule catalog {version}.");

    public static ComplianceException CapabilityWithoutCitations(string capabilityId) =>
        new("TH5022", $"Capability '{capabilityId}' maps to no citation.");

    public static ComplianceException MalformedId(string kind, string id) =>
        new("TH5023", $"'{id}' is not a well-formed {kind} id; use lower-case letters and digits in segments joined by '-' or '.', such as 'video-relay'.");

    public static ComplianceException Duplicate(string kind, string id) =>
        new("TH5024", $"A {kind} with id '{id}' is already recorded.");

    public static ComplianceException Unknown(string kind, string id) =>
        new("TH5025", $"No {kind} with id '{id}' is recorded.");

    public static ComplianceException FieldMissing(string type, string field) =>
        new("TH5026", $"{type}.{field} is required and must not be blank.");

    public static ComplianceException AgreementNotDated(BaaStatus status) =>
        new("TH5027", $"A business associate agreement with status {status} must state the date it was signed.");

    public static ComplianceException RenewalNotAfterSigning(DateOnly signedOn, DateOnly renewalDueOn) =>
        new("TH5028", string.Create(CultureInfo.InvariantCulture, $"The renewal date ({renewalDueOn:yyyy-MM-dd}) of a business associate agreement must be after the date it was signed ({signedOn:yyyy-MM-dd})."));

    public static ComplianceException OutOfRange(string name, long value, string rule) =>
        new("TH5029", string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; it {rule}."));

    public static ComplianceException UndefinedValue(string type, int value) =>
        new("TH5030", string.Create(CultureInfo.InvariantCulture, $"{value} is not a defined value of {type}."));

    public static ComplianceException ClosedWithoutEvidence(string riskId) =>
        new("TH5031", $"Risk '{riskId}' cannot be closed without linked evidence of its treatment.");

    public static ComplianceException ClosedOnWithoutClosure(string riskId, RiskStatus status) =>
        new("TH5032", $"Risk '{riskId}' has a closing date but its status is {status}.");

    public static ComplianceException EvidenceNotRecorded(string riskId, string evidenceId) =>
        new("TH5033", $"Risk '{riskId}' cannot be closed with evidence '{evidenceId}', which is not in the evidence register.");

    public static ComplianceException AcceptanceReviewNotAfterAcceptance(string riskId, DateOnly acceptedOn, DateOnly reviewOn) =>
        new("TH5034", string.Create(CultureInfo.InvariantCulture, $"The review date of the acceptance of risk '{riskId}' ({reviewOn:yyyy-MM-dd}) must be after the date it was accepted ({acceptedOn:yyyy-MM-dd})."));

    public static ComplianceException AcceptedWithOtherTreatment(string riskId, RiskTreatment treatment) =>
        new("TH5035", $"Risk '{riskId}' is Accepted but its treatment is {treatment}; an accepted risk has the treatment Accept.");

    public static ComplianceException AcceptanceWithoutAcceptedStatus(string riskId, RiskStatus status) =>
        new("TH5035", $"Risk '{riskId}' documents an acceptance but its status is {status}; only an accepted risk carries one.");

    public static ComplianceException ExclusionInconsistent(BreachConclusion conclusion, BreachExclusion? exclusion) =>
        new("TH5040", exclusion is null
            ? $"The conclusion {conclusion} requires the exclusion of 164.402(1) that applies."
            : $"The exclusion {exclusion} is recorded, but the conclusion is {conclusion}; an excluded incident is not a breach.");

    public static ComplianceException FactorMissing(string factor) =>
        new("TH5041", $"A low probability of compromise must be demonstrated on each factor of 164.402(2); factor {factor} is not documented.");

    public static ComplianceException WrittenBeforeOral(DateOnly oralOn, DateOnly writtenOn) =>
        new("TH5042", string.Create(CultureInfo.InvariantCulture, $"The written law enforcement statement ({writtenOn:yyyy-MM-dd}) cannot precede the oral statement it follows ({oralOn:yyyy-MM-dd})."));

    public static ComplianceException ChainIncomplete() =>
        new("TH5043", "A business associate chain needs at least two parties, and the first must state when it discovered the breach.");

    public static ComplianceException NotifiedBeforeDiscovery(string partyId) =>
        new("TH5044", $"Party '{partyId}' is recorded as notifying the party above before it discovered the breach.");

    public static ComplianceException NoSuchNotice(string assessmentId, BreachNotificationRecipient recipient, string? jurisdiction) =>
        new("TH5045", $"The schedule of breach assessment '{assessmentId}' requires no notice to {recipient}{(jurisdiction is null ? string.Empty : " in " + jurisdiction)}.");

    public static ComplianceException DelayBeforeDiscovery(DateOnly statementOn, DateOnly discoveredOn) =>
        new("TH5046", string.Create(CultureInfo.InvariantCulture, $"The law enforcement statement of {statementOn:yyyy-MM-dd} is dated before the breach was discovered ({discoveredOn:yyyy-MM-dd}); a delay cannot precede discovery."));

    public static ComplianceException UnknownJurisdiction() =>
        new("TH5047", "A key of BreachAssessment.AffectedByJurisdiction is neither the USPS code nor the name of a State, the District of Columbia or a territory, nor 'unknown'; use codes such as 'CA' or 'PR'.");

    public static ComplianceException ExpiresNotAfterCollected(string evidenceId) =>
        new("TH5050", $"Evidence '{evidenceId}' must expire after it was collected.");

    public static ComplianceException CollectorReturnedInvalid(string collectorName, Exception reason) =>
        new("TH5051", $"Evidence collector '{collectorName}' returned an invalid item; none of its items were recorded.", reason);

    public static ComplianceException CatalogMismatch(string expected, string actual) =>
        new("TH5070", $"A register refers to catalog version '{actual}', but the assessment is of version '{expected}'.");

    public static ComplianceException NothingToPlan(string title) =>
        new("TH5076", $"The assessment '{title}' has no open finding, so there is no plan of action and milestones: OSCAL requires at least one item.");

    public static ComplianceException StoreDamaged(string path, string reason, Exception? inner = null) =>
        new("TH5071", $"The compliance record store '{path}' is damaged: {reason} Nothing was loaded or changed; restore the file from a backup.", inner);

    public static ComplianceException StoreFormatUnknown(string path, string found) =>
        new("TH5072", $"The compliance record store '{path}' has the format {found}; this version reads {FileComplianceRecordStore.FormatName} version {FileComplianceRecordStore.FormatVersion} only. Nothing was loaded or changed.");

    public static ComplianceException StoreCatalogMismatch(string path, string stored, string expected) =>
        new("TH5073", $"The compliance record store '{path}' holds records of catalog version '{stored}', but the registers use version '{expected}'.");

    public static ComplianceException StoreLocked(string path, TimeSpan waited, Exception inner) =>
        new("TH5074", string.Create(CultureInfo.InvariantCulture, $"The compliance record store '{path}' stayed locked by another writer for {waited.TotalSeconds:0} seconds."), inner);

    public static ComplianceException StoreWouldLoseRecords(string path, string reason) =>
        new("TH5075", $"Saving to the compliance record store '{path}' would lose stored documentation: {reason}. Nothing was changed; load the stored records into new registers and apply the change again.");
}
