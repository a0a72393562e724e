using System.Diagnostics;
using System.Diagnostics.Metrics;
using Telehealth.Compliance.Tests.Reports;

namespace Telehealth.Compliance.Tests;

/// <summary>
/// Assessments, evidence collection and the record store are traced and measured by the package's ActivitySource and
/// Meter, both named Telehealth.Compliance. The tests run alone, since listeners see every measurement of the process.
/// </summary>
[Collection(TelemetryGroup.Name)]
public sealed class TelemetryTests : IDisposable
{
    private readonly List<Activity> _activities = [];
    private readonly List<(string Instrument, object Value, Dictionary<string, string?> Tags)> _measurements = [];
    private readonly ActivityListener _traces;
    private readonly MeterListener _meters = new();

    public TelemetryTests()
    {
        _traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Telehealth.Compliance",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_activities)
                {
                    _activities.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_traces);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Telehealth.Compliance")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, v, t, _) => Measured(i, v, t));
        _meters.SetMeasurementEventCallback<int>((i, v, t, _) => Measured(i, v, t));
        _meters.SetMeasurementEventCallback<double>((i, v, t, _) => Measured(i, v, t));
        _meters.Start();
    }

    public void Dispose()
    {
        _traces.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public void An_assessment_is_traced_and_its_requirements_and_findings_measured()
    {
        var assessment = new SampleProgram().Assess();

        var activity = Assert.Single(_activities, a => a.OperationName == "compliance.assess");
        Assert.Equal(assessment.Findings.Count, activity.GetTagItem("telehealth.compliance.findings"));
        Assert.Contains(_measurements, m => m.Instrument == "telehealth.compliance.assessments" && (long)m.Value == 1);
        var notSatisfied = assessment.Requirements.Count(r => r.Status == CoverageStatus.NotSatisfied) + assessment.BreachNotification.Count(b => b.Status == CoverageStatus.NotSatisfied);
        Assert.Contains(_measurements, m => m.Instrument == "telehealth.compliance.requirements" && m.Tags["telehealth.compliance.status"] == "not-satisfied" && (int)m.Value == notSatisfied);
        Assert.Contains(_measurements, m => m.Instrument == "telehealth.compliance.findings" && (int)m.Value == assessment.Findings.Count);
    }

    [Fact]
    public async Task Evidence_collection_is_traced_per_collector_and_counted()
    {
        var program = new SampleProgram();

        await program.Evidence.CollectAsync([new OneItemCollector(program.Time)]);

        var activity = Assert.Single(_activities, a => a.OperationName == "compliance.evidence.collect");
        Assert.Equal("telehealth.tests.one-item", activity.GetTagItem("telehealth.compliance.collector"));
        Assert.Contains(_measurements, m => m.Instrument == "telehealth.compliance.evidence.items" && m.Tags["telehealth.compliance.collector"] == "telehealth.tests.one-item" && (long)m.Value == 1);
    }

    [Fact]
    public async Task Store_operations_are_traced_and_timed_with_their_outcome()
    {
        using var directory = new TempDirectory();
        var store = new FileComplianceRecordStore(directory.Combine("compliance"));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(SampleProgram.Now);
        var records = new ComplianceRecords(SecurityRuleCatalog.Latest, time);
        await store.LoadAsync(records);
        await store.SaveAsync(records);
        await File.WriteAllTextAsync(store.FilePath, "{ not json");

        await Assert.ThrowsAsync<ComplianceException>(() => store.LoadAsync(new ComplianceRecords(SecurityRuleCatalog.Latest, time)));

        Assert.Equal(["compliance.store.load", "compliance.store.save", "compliance.store.load"], _activities.Select(a => a.OperationName));
        Assert.Equal(ActivityStatusCode.Error, _activities[^1].Status);
        Assert.Equal(
            [("load", "ok"), ("save", "ok"), ("load", ComplianceErrorCodes.StoreDamaged)],
            _measurements.Where(m => m.Instrument == "telehealth.compliance.store.duration").Select(m => (m.Tags["telehealth.compliance.operation"], m.Tags["telehealth.compliance.outcome"])));
    }

    private void Measured<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : notnull
    {
        var dictionary = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, dictionary));
        }
    }

    private sealed class OneItemCollector(TimeProvider time) : IEvidenceCollector
    {
        public string Name => "telehealth.tests.one-item";

        public Task<IReadOnlyList<EvidenceItem>> CollectAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<EvidenceItem>>(
            [
                new EvidenceItem
                {
                    Id = "tests.one-item",
                    Observation = new EvidenceObservation { Description = "One item" },
                    Source = Name,
                    CollectedAt = time.GetUtcNow(),
                    ExpiresAt = time.GetUtcNow().AddDays(1),
                    Kind = EvidenceKind.Configuration,
                    Citations = ["164.312(b)"],
                },
            ]);
    }
}

/// <summary>Tests that listen to the process-wide telemetry of the package run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryGroup
{
    public const string Name = "Telemetry";
}
