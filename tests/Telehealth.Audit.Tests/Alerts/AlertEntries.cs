namespace Telehealth.Audit.Tests.Alerts;

internal static class AlertEntries
{
    /// <summary>Monday 2026-01-05T10:00:00Z.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private static long s_sequence;

    public static AuditEntry Entry(
        string action,
        DateTimeOffset at,
        string actor = "u-1",
        AuditOutcome? outcome = null,
        string? ip = null,
        string? purpose = null,
        string? justification = null) =>
        AuditEntry.Decode(AuditEntryCodec.Encode(
            Interlocked.Increment(ref s_sequence),
            new byte[32],
            new AuditRecord
            {
                Actor = new AuditActor(actor, AuditActorType.User, "clinician"),
                Action = action,
                Resource = new AuditResource("patient-record", "r-7"),
                OccurredAt = at,
                Outcome = outcome ?? AuditOutcome.Success,
                Source = ip is null ? null : new AuditSource(ip),
                PurposeOfUse = purpose,
                Justification = justification,
            }));

    public static AuditEntry FailedLogin(DateTimeOffset at, string actor = "u-1", string? ip = "203.0.113.5") =>
        Entry("auth.login", at, actor, AuditOutcome.Failed("credentials.invalid"), ip);

    public static List<AuditAlert> Run(IAuditAlertRule rule, IEnumerable<AuditEntry> entries)
    {
        var alerts = new List<AuditAlert>();
        foreach (var entry in entries)
        {
            alerts.AddRange(rule.Evaluate(entry));
        }

        return alerts;
    }
}
