namespace Telehealth.Compliance.Evidence;

/// <summary>
/// The stable error codes of Telehealth.Compliance.Evidence (TH5401–TH5499), carried by
/// <see cref="ComplianceException.Code"/> when a <see cref="MetricEvidenceDefinition"/> is invalid. Branch on
/// these constants, never on message text.
/// </summary>
public static class EvidenceErrorCodes
{
    /// <summary>An evidence id or metric name is not lower-case segments joined by <c>-</c> or <c>.</c>.</summary>
    public const string MalformedName = "TH5401";

    /// <summary>A required field of the definition is missing or blank.</summary>
    public const string FieldMissing = "TH5402";

    /// <summary>The lifetime of the evidence is not positive.</summary>
    public const string LifetimeNotPositive = "TH5403";

    /// <summary>The evidence kind is not a defined value of <see cref="EvidenceKind"/>.</summary>
    public const string UndefinedKind = "TH5404";
}
