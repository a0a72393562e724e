using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Evidence.Tests;

/// <summary>Each collection is an activity of the package's source and counts its items by collector and outcome.</summary>
public sealed class TelemetryTests
{
    private const string Collector = "telehealth.tests.telemetry-probe";

    [Fact]
    public async Task A_collection_is_traced_and_counted_by_outcome()
    {
        var counted = new List<(long Value, string? Outcome)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Telehealth.Compliance.Evidence" && instrument.Name == "telehealth.compliance.evidence.items")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var dictionary = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            if (dictionary.GetValueOrDefault("telehealth.evidence.collector") == Collector)
            {
                lock (counted)
                {
                    counted.Add((value, dictionary.GetValueOrDefault("telehealth.evidence.outcome")));
                }
            }
        });
        meters.Start();

        var activities = new List<Activity>();
        using var traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Telehealth.Compliance.Evidence",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((string?)activity.GetTagItem("telehealth.evidence.collector") == Collector)
                {
                    lock (activities)
                    {
                        activities.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(traces);

        var collector = new MetricEvidenceCollector(
            new MetricEvidenceDefinition
            {
                Name = Collector,
                EvidenceId = "tests.telemetry-probe",
                Metric = "tests.probe",
                Unit = "count",
                Description = "A probe",
                Citations = ["164.312(b)"],
                Threshold = MetricThreshold.AtMost(0m),
            },
            _ => ValueTask.FromResult(new MetricReading(3m)),
            Collecting.Catalog,
            new FakeTimeProvider());

        await collector.CollectAsync(CancellationToken.None);

        Assert.Equal([(1L, "NotSatisfied")], counted);
        var activity = Assert.Single(activities);
        Assert.Equal("evidence.collect", activity.OperationName);
        Assert.Equal(1, activity.GetTagItem("telehealth.evidence.gaps"));
    }
}
