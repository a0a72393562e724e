using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Telehealth.Compliance;

/// <summary>
/// The package's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Telehealth.Compliance</c>:
/// activities for assessments, evidence collection and the record store; the requirements and findings of the last
/// assessment, and the store's operations. Tags hold statuses, codes and collector names, never record contents.
/// </summary>
internal static class ComplianceTelemetry
{
    public const string Name = "Telehealth.Compliance";
    public static readonly ActivitySource Source = new(Name, typeof(ComplianceTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Meter Meter = new(Name, typeof(ComplianceTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> Assessments = Meter.CreateCounter<long>("telehealth.compliance.assessments", "{assessment}", "Assessments made.");
    private static readonly Gauge<int> Requirements = Meter.CreateGauge<int>("telehealth.compliance.requirements", "{requirement}", "Requirements of the last assessment, by status.");
    private static readonly Gauge<int> Findings = Meter.CreateGauge<int>("telehealth.compliance.findings", "{finding}", "Open findings of the last assessment.");
    private static readonly Counter<long> EvidenceItems = Meter.CreateCounter<long>("telehealth.compliance.evidence.items", "{item}", "Evidence items recorded from collectors, by collector.");
    private static readonly Histogram<double> StoreDuration = Meter.CreateHistogram<double>("telehealth.compliance.store.duration", "s", "Time to load or save the compliance records, by operation and outcome.");

    /// <summary>Records what an assessment found and tags its activity.</summary>
    public static void RecordAssessment(Activity? activity, IEnumerable<CoverageStatus> statuses, int findings)
    {
        var counts = statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        Assessments.Add(1);
        foreach (var status in Enum.GetValues<CoverageStatus>())
        {
            Requirements.Record(counts.GetValueOrDefault(status), new KeyValuePair<string, object?>("telehealth.compliance.status", StatusTag(status)));
        }

        Findings.Record(findings);
        activity?.SetTag("telehealth.compliance.findings", findings);
        activity?.SetTag("telehealth.compliance.not_satisfied", counts.GetValueOrDefault(CoverageStatus.NotSatisfied));
    }

    private static string StatusTag(CoverageStatus status) => status switch
    {
        CoverageStatus.Satisfied => "satisfied",
        CoverageStatus.NotSatisfied => "not-satisfied",
        _ => "not-assessed",
    };

    /// <summary>Starts the activity of one collector's run, tagged with its name.</summary>
    public static Activity? StartCollection(string collector) =>
        Source.StartActivity("compliance.evidence.collect", ActivityKind.Internal, parentContext: default, tags: [new("telehealth.compliance.collector", collector)]);

    public static void RecordCollected(Activity? activity, string collector, int items)
    {
        EvidenceItems.Add(items, new KeyValuePair<string, object?>("telehealth.compliance.collector", collector));
        activity?.SetTag("telehealth.compliance.items", items);
    }

    /// <summary>Starts observing one load or save of the store; dispose it when the operation ends.</summary>
    public static StoreObservation ObserveStore(string operation) => new(operation);

    /// <summary>
    /// One load or save of the store, as an activity and a duration tagged with its outcome: <c>ok</c> once
    /// <see cref="Succeeded"/>, the error code after <see cref="Failed"/>, <c>error</c> for anything else.
    /// </summary>
    internal sealed class StoreObservation : IDisposable
    {
        private readonly string _operation;
        private readonly Activity? _activity;
        private readonly long _started = TimeProvider.System.GetTimestamp();
        private string _outcome = "error";

        public StoreObservation(string operation)
        {
            _operation = operation;
            _activity = Source.StartActivity($"compliance.store.{operation}");
        }

        public void Succeeded() => _outcome = "ok";

        public void Failed(string code) => _outcome = code;

        public void Dispose()
        {
            StoreDuration.Record(
                TimeProvider.System.GetElapsedTime(_started).TotalSeconds,
                new KeyValuePair<string, object?>("telehealth.compliance.operation", _operation),
                new KeyValuePair<string, object?>("telehealth.compliance.outcome", _outcome));
            if (_outcome != "ok")
            {
                _activity?.SetStatus(ActivityStatusCode.Error, _outcome);
            }

            _activity?.Dispose();
        }
    }
}
