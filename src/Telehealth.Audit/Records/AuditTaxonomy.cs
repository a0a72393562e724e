using Microsoft.Extensions.Compliance.Classification;

namespace Telehealth.Audit;

/// <summary>
/// The data classifications the audit log understands. Hosts may use their own taxonomies too: any
/// classification other than <see cref="Operational"/> and <see cref="FreeText"/> is sent to the
/// redactor the host configured for it, and any classification listed in <see cref="AuditOptions.ForbiddenClassifications"/> is
/// rejected.
/// </summary>
public static class AuditTaxonomy
{
    /// <summary>The taxonomy name.</summary>
    public const string Name = "TelehealthAudit";

    /// <summary>Gets the classification of operational data (action names, opaque ids, codes), stored as it is.</summary>
    public static DataClassification Operational { get; } = new(Name, "Operational");

    /// <summary>Gets the classification of personal data (names, e-mail, network addresses), redacted before storage.</summary>
    public static DataClassification Personal { get; } = new(Name, "Personal");

    /// <summary>
    /// Gets the classification of free text written by people or for them (notes, explanations): stored
    /// as it is once the PHI detector of <see cref="AuditOptions.PhiDetection"/> found nothing, or
    /// redacted what it found.
    /// </summary>
    public static DataClassification FreeText { get; } = new(Name, "FreeText");

    /// <summary>Gets the classification of protected health information, which an audit record must never carry.</summary>
    public static DataClassification Phi { get; } = new(Name, "PHI");
}
