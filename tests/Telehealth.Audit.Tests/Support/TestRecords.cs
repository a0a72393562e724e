using System.Globalization;

namespace Telehealth.Audit.Tests;

internal static class TestRecords
{
    public static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000); // 2026-01-01T00:00:00Z

    public static AuditRecord Read(int i, string actor = "u-1") => new()
    {
        Actor = new AuditActor(actor, AuditActorType.User, "clinician"),
        Action = "phi.read",
        Resource = new AuditResource("patient-record", "r-" + i.ToString(CultureInfo.InvariantCulture)),
        OccurredAt = Epoch.AddSeconds(i),
        PurposeOfUse = PurposeOfUse.Treatment,
        Source = new AuditSource(null, "device-7", "session-9"),
        CorrelationId = "4bf92f3577b34da6a3ce929d0e0e4736",
        Extra = [AuditField.Operational("visit.kind", "video")],
    };

    public static byte[] Encode(long sequence, AuditRecord record, byte[]? previous = null) =>
        AuditEntryCodec.Encode(sequence, previous ?? new byte[32], record);
}
