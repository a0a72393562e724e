namespace Telehealth.Audit;

/// <summary>
/// One audited event: who did what, to which resource, when, from where, why, and how it ended.
/// An audit record never carries PHI payloads; see the package README for what each field may hold.
/// </summary>
public sealed record AuditRecord
{
    /// <summary>Gets who performed the action.</summary>
    public required AuditActor Actor { get; init; }

    /// <summary>Gets the stable dotted action name, such as <c>phi.read</c> or <c>auth.mfa.failed</c>.</summary>
    public required string Action { get; init; }

    /// <summary>Gets the resource the action was performed on.</summary>
    public required AuditResource Resource { get; init; }

    /// <summary>
    /// Gets when the action happened, in UTC with millisecond precision. Leave it unset to have the
    /// audit log stamp it from its <see cref="TimeProvider"/>.
    /// </summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>Gets where the action came from; optional.</summary>
    public AuditSource? Source { get; init; }

    /// <summary>Gets the HL7 PurposeOfUse code (see <see cref="Audit.PurposeOfUse"/>); optional.</summary>
    public string? PurposeOfUse { get; init; }

    /// <summary>Gets a free-text justification, required for break-glass access; it must not contain PHI.</summary>
    public string? Justification { get; init; }

    /// <summary>Gets how the action ended.</summary>
    /// <value>The default is <see cref="AuditOutcome.Success"/>.</value>
    public AuditOutcome Outcome { get; init; } = AuditOutcome.Success;

    /// <summary>
    /// Gets the correlation id. Leave it unset to have the audit log use the W3C trace id of the
    /// current <see cref="System.Diagnostics.Activity"/>, if there is one.
    /// </summary>
    public string? CorrelationId { get; init; }

    /// <summary>Gets extra classified fields.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<AuditField> Extra { get; init; } = [];

    /// <summary>
    /// Describes the record by action, actor, resource and outcome. Free text, the network address and
    /// extra values are left out: before redaction they may hold personal data.
    /// </summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"AuditRecord {Action} by {Actor?.Type} {Actor?.Id} on {Resource?.Type} {Resource?.Id}: {Outcome?.Status}";

    /// <summary>Compares two records field by field, the extra fields by their contents in order.</summary>
    /// <param name="other">The other record.</param>
    /// <returns><see langword="true"/> when every field is equal.</returns>
    public bool Equals(AuditRecord? other) =>
        other is not null
        && Actor == other.Actor
        && Action == other.Action
        && Resource == other.Resource
        && OccurredAt == other.OccurredAt
        && Source == other.Source
        && PurposeOfUse == other.PurposeOfUse
        && Justification == other.Justification
        && Outcome == other.Outcome
        && CorrelationId == other.CorrelationId
        && Extra.SequenceEqual(other.Extra);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Actor, Action, Resource, OccurredAt, Extra.Count);
}
