using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Telehealth.Compliance.Evidence;

/// <summary>The package's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <c>Telehealth.Compliance.Evidence</c>.</summary>
internal static class EvidenceTelemetry
{
    public const string Name = "Telehealth.Compliance.Evidence";
    private static readonly ActivitySource Source = new(Name, typeof(EvidenceTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Meter Meter = new(Name, typeof(EvidenceTelemetry).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> Items = Meter.CreateCounter<long>("telehealth.compliance.evidence.items", "{item}", "Evidence items collected, by collector and outcome.");

    /// <summary>Starts the activity of one collection, tagged with the collector's name.</summary>
    public static Activity? StartCollection(string collector) =>
        Source.StartActivity("evidence.collect", ActivityKind.Internal, parentContext: default, tags: [new("telehealth.evidence.collector", collector)]);

    /// <summary>Logs and counts the items of one collection, tags the activity with the number of gaps, and returns the items.</summary>
    public static IReadOnlyList<EvidenceItem> Collected(ILogger logger, Activity? activity, string collector, params EvidenceItem[] items)
    {
        foreach (var item in items)
        {
            Log.Outcome(logger, collector, item);
            Items.Add(1, new KeyValuePair<string, object?>("telehealth.evidence.collector", collector), new KeyValuePair<string, object?>("telehealth.evidence.outcome", item.Outcome.ToString()));
        }

        activity?.SetTag("telehealth.evidence.gaps", items.Count(i => i.Outcome == EvidenceOutcome.NotSatisfied));
        return items;
    }
}
