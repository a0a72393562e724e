namespace Telehealth.Audit.Tests.Export;

internal static class ExportEntries
{
    /// <summary>2026-03-04T05:06:07.089Z.</summary>
    public static readonly DateTimeOffset FixedTime = new(2026, 3, 4, 5, 6, 7, 89, TimeSpan.Zero);

    public static AuditRecord FixedRecord { get; } = new()
    {
        Actor = new AuditActor("u-42", AuditActorType.User, "clinician"),
        Action = "phi.read",
        Resource = new AuditResource("patient-record", "r-1001"),
        OccurredAt = FixedTime,
        Source = new AuditSource("198.51.100.7", "device-7", "session-9"),
        PurposeOfUse = PurposeOfUse.Treatment,
        CorrelationId = "4bf92f3577b34da6a3ce929d0e0e4736",
        Extra = [AuditField.Operational("visit.kind", "video"), AuditField.Operational("token.scope", "patient/*.read")],
    };

    public static AuditEntry Fixed() => Entry(42, FixedRecord);

    public static AuditEntry Minimal(AuditOutcome? outcome = null, string action = "key.rotate", AuditActorType actorType = AuditActorType.System) =>
        Entry(7, new AuditRecord
        {
            Actor = new AuditActor("svc-keys", actorType),
            Action = action,
            Resource = new AuditResource("key", string.Empty),
            OccurredAt = FixedTime,
            Outcome = outcome ?? AuditOutcome.Success,
        });

    public static AuditEntry Entry(long sequence, AuditRecord record) =>
        AuditEntry.Decode(AuditEntryCodec.Encode(sequence, new byte[32], record));
}
