using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Telehealth.Audit;

/// <summary>The package's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Telehealth.Audit</c>.</summary>
internal static class AuditTelemetry
{
    public const string Name = "Telehealth.Audit";
    public static readonly ActivitySource Source = new(Name, typeof(AuditTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Meter Meter = new(Name, typeof(AuditTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> Appends = Meter.CreateCounter<long>("telehealth.audit.appends", "{record}", "Records appended to the audit log.");
    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>("telehealth.audit.rejected", "{record}", "Records refused before storage.");
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("telehealth.audit.batch.size", "{record}", "Records written by one group commit.");
    private static readonly Histogram<double> FlushDuration = Meter.CreateHistogram<double>("telehealth.audit.fsync.duration", "s", "Time to write and fsync one group commit.");
    private static readonly Counter<long> Checkpoints = Meter.CreateCounter<long>("telehealth.audit.checkpoints", "{checkpoint}", "Signed checkpoints made.");

    public static void RecordAppend() => Appends.Add(1);

    public static void RecordRejected() => Rejected.Add(1);

    public static void RecordCheckpoint() => Checkpoints.Add(1);

    public static void RecordBatch(int size, TimeSpan duration)
    {
        BatchSize.Record(size);
        FlushDuration.Record(duration.TotalSeconds);
    }
}
