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
}
