using Microsoft.Extensions.Compliance.Classification;

namespace Telehealth.Audit;

/// <summary>
/// An extra, named value attached to an audit record. Every field states its data classification;
/// values that are not classified as <see cref="AuditTaxonomy.Operational"/> are passed through the
/// configured redactor before they are hashed and stored.
/// </summary>
/// <param name="Name">A short, stable name such as <c>token.scope</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Classification">The data classification of the value.</param>
public sealed record AuditField(string Name, string Value, DataClassificationSet Classification)
{
    /// <summary>Creates a field whose value is operational data, stored as it is.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The field.</returns>
    public static AuditField Operational(string name, string value) => new(name, value, AuditTaxonomy.Operational);

    /// <summary>Creates a field whose value is free text, checked by the PHI detector and otherwise stored as it is.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The text.</param>
    /// <returns>The field.</returns>
    public static AuditField FreeText(string name, string value) => new(name, value, AuditTaxonomy.FreeText);

    /// <summary>Creates a field whose value is personal data, redacted or pseudonymized before it is stored.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The field.</returns>
    public static AuditField Personal(string name, string value) => new(name, value, AuditTaxonomy.Personal);

    /// <summary>Describes the field by name and classification, never by value.</summary>
    /// <returns>A description without the value.</returns>
    public override string ToString() => $"AuditField {Name} {Classification}";
}
