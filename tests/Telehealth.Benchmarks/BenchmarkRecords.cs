using System.Globalization;
using Telehealth.Audit;

namespace Telehealth.Benchmarks;

/// <summary>Realistic, PHI-free audit records for the benchmarks.</summary>
internal static class BenchmarkRecords
{
    public static AuditRecord Read(int i) => new()
    {
        Actor = new AuditActor("u-" + (i % 500).ToString(CultureInfo.InvariantCulture), AuditActorType.User, "clinician"),
        Action = "phi.read",
        Resource = new AuditResource("patient-record", "r-" + i.ToString(CultureInfo.InvariantCulture)),
        OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000 + i),
        PurposeOfUse = PurposeOfUse.Treatment,
        Source = new AuditSource(null, "device-7", "session-9"),
        CorrelationId = "4bf92f3577b34da6a3ce929d0e0e4736",
        Extra = [AuditField.Operational("visit.kind", "video")],
    };

    public static string TempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "telehealth-bench", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
