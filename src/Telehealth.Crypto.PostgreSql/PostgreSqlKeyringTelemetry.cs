using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Telehealth.Crypto.PostgreSql;

/// <summary>The package's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Telehealth.Crypto.PostgreSql</c>.</summary>
internal static class PostgreSqlKeyringTelemetry
{
    public const string Name = "Telehealth.Crypto.PostgreSql";
    public static readonly ActivitySource Source = new(Name, typeof(PostgreSqlKeyringTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Meter Meter = new(Name, typeof(PostgreSqlKeyringTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("telehealth.crypto.postgresql.keyring.write_conflicts", "{write}", "Keyring writes refused because another writer changed the keyring first.");

    public static void RecordConflict() => Conflicts.Add(1);
}
