using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Telehealth.Crypto.Pkcs11;

/// <summary>The package's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Telehealth.Crypto.Pkcs11</c>.</summary>
internal static class Pkcs11Telemetry
{
    public const string Name = "Telehealth.Crypto.Pkcs11";
    public static readonly ActivitySource Source = new(Name, typeof(Pkcs11Telemetry).Assembly.GetName().Version?.ToString());
    private static readonly Meter Meter = new(Name, typeof(Pkcs11Telemetry).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> Operations = Meter.CreateCounter<long>("telehealth.crypto.pkcs11.operations", "{operation}", "Key operations sent to the PKCS#11 token, by operation (create, wrap, unwrap, destroy) and outcome (ok, failed).");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("telehealth.crypto.pkcs11.operation.duration", "s", "Time of one key operation, from waiting for a session to the token's answer.");

    public static void Record(string operation, bool succeeded, long startedTimestamp, Activity? activity)
    {
        if (!succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }

        var tags = new TagList { { "operation", operation }, { "outcome", succeeded ? "ok" : "failed" } };
        Operations.Add(1, tags);
        Duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, tags);
    }
}
