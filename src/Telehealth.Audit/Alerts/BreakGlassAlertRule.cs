using System.Globalization;

namespace Telehealth.Audit;

/// <summary>
/// Raises a <see cref="AuditAlertSeverity.Critical"/> alert for every break-glass record: any record
/// whose purpose of use is <see cref="PurposeOfUse.EmergencyTreatment"/> (<c>ETREAT</c>) or whose action
/// starts with <c>access.break_glass</c>. Break-glass access bypasses normal authorization and must be
/// reviewed after the fact.
/// </summary>
/// <remarks>
/// The rule keeps no state. The alert names the action, the actor id and the resource type and id; it
/// does not repeat the free-text justification, which is for the reviewer to read in the log.
/// </remarks>
public sealed class BreakGlassAlertRule : IAuditAlertRule
{
    /// <summary>The rule name carried by its alerts.</summary>
    public const string Name = "break-glass";

    /// <inheritdoc />
    public IEnumerable<AuditAlert> Evaluate(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var record = entry.Record;
        if (!string.Equals(record.PurposeOfUse, PurposeOfUse.EmergencyTreatment, StringComparison.Ordinal)
            && !record.Action.StartsWith("access.break_glass", StringComparison.Ordinal))
        {
            return [];
        }

        return
        [
            new AuditAlert(
                Name,
                AuditAlertSeverity.Critical,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Break-glass access: '{AlertText.Id(record.Action)}' by actor id '{AlertText.Id(record.Actor.Id)}' on {AlertText.Id(record.Resource.Type)} '{AlertText.Id(record.Resource.Id)}' (purpose {AlertText.Id(record.PurposeOfUse)}, outcome {record.Outcome.Status}); review required."),
                entry.Sequence,
                record.OccurredAt),
        ];
    }
}
