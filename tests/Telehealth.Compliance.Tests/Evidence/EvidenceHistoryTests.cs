using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests;

public sealed class EvidenceHistoryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Every_recorded_item_is_a_revision_of_its_evidence_history_even_when_superseded_or_late()
    {
        var register = new EvidenceRegister(SecurityRuleCatalog.Latest, _time);
        var first = Item(_time.GetUtcNow(), 97m, EvidenceOutcome.NotSatisfied);
        register.Add(first);
        _time.Advance(TimeSpan.FromHours(1));
        var second = Item(_time.GetUtcNow(), 100m, EvidenceOutcome.Satisfied);
        register.Add(second);
        register.Add(Item(first.CollectedAt.AddMinutes(-5), 90m, EvidenceOutcome.NotSatisfied));

        Assert.True(register.TryGet("crypto.encryption-coverage", out var latest));
        Assert.Equal(100m, latest.Observation.Value);
        Assert.True(register.TryGetHistory("crypto.encryption-coverage", out var history));
        Assert.Equal(3, history.Revisions.Count);
        Assert.Contains("NotSatisfied", history.Revisions[0].Summary, StringComparison.Ordinal);
        Assert.Contains("coverage = 97 percent", history.Revisions[0].Summary, StringComparison.Ordinal);
        Assert.Contains("coverage = 100 percent", history.Revisions[1].Summary, StringComparison.Ordinal);
        Assert.Contains("coverage = 90 percent", history.Revisions[2].Summary, StringComparison.Ordinal);
        Assert.Null(history.RetainUntil);
        Assert.Single(register.Histories);
    }

    private static EvidenceItem Item(DateTimeOffset collectedAt, decimal value, EvidenceOutcome outcome) => new()
    {
        Id = "crypto.encryption-coverage",
        Kind = EvidenceKind.RuntimeMeasurement,
        Observation = new EvidenceObservation { Description = "share of stored values that are envelopes", Metric = "coverage", Value = value, Unit = "percent" },
        Source = "telehealth.crypto.encryption-coverage",
        CollectedAt = collectedAt,
        ExpiresAt = collectedAt.AddDays(1),
        Outcome = outcome,
        Citations = ["164.312(a)(2)(iv)"],
    };
}
