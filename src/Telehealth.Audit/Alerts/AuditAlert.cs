namespace Telehealth.Audit;

/// <summary>
/// A finding of an <see cref="IAuditAlertRule"/> about the audit stream. An alert never carries PHI: its
/// message names opaque ids (actor, resource, stored network address), action names and counts only.
/// </summary>
/// <param name="RuleName">The stable name of the rule that raised the alert, such as <c>failed-login</c>.</param>
/// <param name="Severity">How urgent the alert is.</param>
/// <param name="Message">A human-readable description made of ids and counts only.</param>
/// <param name="TriggeringSequence">The sequence number of the entry that raised the alert.</param>
/// <param name="OccurredAt">When the triggering entry's action happened (<see cref="AuditRecord.OccurredAt"/>).</param>
public sealed record AuditAlert(
    string RuleName,
    AuditAlertSeverity Severity,
    string Message,
    long TriggeringSequence,
    DateTimeOffset OccurredAt);
