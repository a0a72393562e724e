using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Telehealth.Audit.PostgreSql;

/// <summary>The package's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Telehealth.Audit.PostgreSql</c>.</summary>
internal static class PostgreSqlAuditTelemetry
{
    public const string Name = "Telehealth.Audit.PostgreSql";
    public static readonly ActivitySource Source = new(Name, typeof(PostgreSqlAuditTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Meter Meter = new(Name, typeof(PostgreSqlAuditTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> Appends = Meter.CreateCounter<long>("telehealth.audit.postgresql.appends", "{record}", "Records durably appended to the PostgreSQL audit log by this process.");
    private static readonly Counter<long> FailedAppends = Meter.CreateCounter<long>("telehealth.audit.postgresql.appends.failed", "{record}", "Records whose batch failed to commit.");
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("telehealth.audit.postgresql.batch.size", "{record}", "Records written by one group-commit transaction.");
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("telehealth.audit.postgresql.commit.duration", "s", "Time of one group-commit transaction, from opening the connection to the end of COMMIT, lock wait included.");

    public static void RecordCommitted(int size, TimeSpan duration)
    {
        Appends.Add(size);
        BatchSize.Record(size);
        CommitDuration.Record(duration.TotalSeconds);
    }

    public static void RecordFailed(int size) => FailedAppends.Add(size);
}
