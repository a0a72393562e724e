using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Evidence.Tests.Metrics;

/// <summary>
/// Identity metrics plug into the generic collector without a new type: a definition and a delegate are all it takes.
/// </summary>
public sealed class MetricEvidenceCollectorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private static MetricEvidenceDefinition MfaEnrollment => new()
    {
        Name = "telehealth.identity.mfa-enrollment",
        EvidenceId = "identity.mfa-enrollment",
        Metric = "identity.mfa.enrollment-rate",
        Unit = "percent",
        Description = "Share of active workforce accounts enrolled in MFA",
        Citations = ["164.312(d)"],
        Threshold = MetricThreshold.AtLeast(95m),
        Lifetime = TimeSpan.FromDays(7),
    };

    [Fact]
    public async Task An_mfa_enrollment_rate_is_collected_without_any_new_type()
    {
        var enrolled = 195;
        var collector = new MetricEvidenceCollector(
            MfaEnrollment,
            _ => ValueTask.FromResult(new MetricReading(enrolled * 100m / 200) { Detail = $"{enrolled} of 200 active accounts" }),
            Collecting.Catalog,
            _time);

        var item = await Collecting.CollectOneAsync(collector, _time);

        Assert.Equal("identity.mfa-enrollment", item.Id);
        Assert.Equal("telehealth.identity.mfa-enrollment", item.Source);
        Assert.Equal(EvidenceKind.RuntimeMeasurement, item.Kind);
        Assert.Equal(EvidenceOutcome.Satisfied, item.Outcome);
        Assert.Equal(["164.312(d)"], item.Citations);
        Assert.Equal("identity.mfa.enrollment-rate", item.Observation.Metric);
        Assert.Equal(97.5m, item.Observation.Value);
        Assert.Equal("percent", item.Observation.Unit);
        Assert.Equal("Share of active workforce accounts enrolled in MFA (195 of 200 active accounts); threshold at least 95 percent.", item.Observation.Description);
        Assert.Equal(_time.GetUtcNow().AddDays(7), item.ExpiresAt);

        enrolled = 180;
        var below = await Collecting.CollectOneAsync(collector, _time);
        Assert.Equal(EvidenceOutcome.NotSatisfied, below.Outcome);
        Assert.Equal(90m, below.Observation.Value);
    }

    public static TheoryData<MetricEvidenceDefinition, decimal, EvidenceOutcome> IdentityMetrics => new()
    {
        { Identity("time-to-deprovision", "identity.deprovision.p95", "hours", "164.308(a)(3)(ii)(C)", MetricThreshold.AtMost(24m)), 30.5m, EvidenceOutcome.NotSatisfied },
        { Identity("dormant-accounts", "identity.accounts.dormant", "count", "164.308(a)(4)(ii)(C)", MetricThreshold.AtMost(0m)), 0m, EvidenceOutcome.Satisfied },
        { Identity("access-review-completion", "identity.access-review.completion", "percent", "164.308(a)(4)(ii)(C)", MetricThreshold.AtLeast(100m)), 99.995m, EvidenceOutcome.NotSatisfied },
        { Identity("open-break-glass-reviews", "identity.break-glass.open-reviews", "count", "164.312(a)(2)(ii)", MetricThreshold.AtMost(0m)), 2m, EvidenceOutcome.NotSatisfied },
        { Identity("active-sessions", "identity.sessions.active", "count", "164.312(a)(2)(iii)", null), 42m, EvidenceOutcome.Informational },
    };

    [Theory]
    [MemberData(nameof(IdentityMetrics))]
    public async Task Every_identity_metric_fits_the_same_shape(MetricEvidenceDefinition definition, decimal value, EvidenceOutcome expected)
    {
        var collector = new MetricEvidenceCollector(definition, _ => ValueTask.FromResult(new MetricReading(value)), Collecting.Catalog, _time);

        var item = await Collecting.CollectOneAsync(collector, _time);

        Assert.Equal(expected, item.Outcome);
        Assert.Equal(definition.Metric, item.Observation.Metric);
        Assert.Equal(definition.Unit, item.Observation.Unit);
    }

    [Fact]
    public async Task The_token_reaches_the_delegate()
    {
        using var cts = new CancellationTokenSource();
        CancellationToken seen = default;
        var collector = new MetricEvidenceCollector(MfaEnrollment, ct =>
        {
            seen = ct;
            return ValueTask.FromResult(new MetricReading(100m));
        }, Collecting.Catalog, _time);

        await collector.CollectAsync(cts.Token);
        Assert.Equal(cts.Token, seen);

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => collector.CollectAsync(cts.Token));
    }

    [Fact]
    public void Thresholds_compare_and_describe_themselves()
    {
        Assert.True(MetricThreshold.AtLeast(95m).IsMetBy(95m));
        Assert.False(MetricThreshold.AtLeast(95m).IsMetBy(94.99m));
        Assert.True(MetricThreshold.AtMost(24m).IsMetBy(24m));
        Assert.False(MetricThreshold.AtMost(24m).IsMetBy(24.01m));
        Assert.Equal("at least 95.5", MetricThreshold.AtLeast(95.5m).ToString());
        Assert.Equal("at most 0", MetricThreshold.AtMost(0m).ToString());
    }

    [Fact]
    public void Invalid_definitions_fail_at_construction_with_their_code()
    {
        Assert.Equal("TH5401", Build(MfaEnrollment with { EvidenceId = "Identity MFA" }).Code);
        Assert.Equal(
            "TH5401: MetricEvidenceDefinition.Metric 'identity_mfa' is not well formed; use lower-case letters and digits in segments joined by '-' or '.', such as 'identity.mfa-enrollment'.",
            Build(MfaEnrollment with { Metric = "identity_mfa" }).Message);
        Assert.Equal("TH5402: MetricEvidenceDefinition.Unit is required and must not be blank.", Build(MfaEnrollment with { Unit = " " }).Message);
        Assert.Equal("TH5402", Build(MfaEnrollment with { Citations = [] }).Code);
        Assert.Equal("TH5403", Build(MfaEnrollment with { Lifetime = TimeSpan.Zero }).Code);
        Assert.Equal("TH5404", Build(MfaEnrollment with { Kind = (EvidenceKind)99 }).Code);
        Assert.Equal("TH5001", Build(MfaEnrollment with { Citations = ["164.312(f)"] }).Code);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>("definition", () => new MetricEvidenceCollector(null!, _ => default, Collecting.Catalog));
        Assert.Throws<ArgumentNullException>("read", () => new MetricEvidenceCollector(MfaEnrollment, null!, Collecting.Catalog));
        Assert.Throws<ArgumentNullException>("catalog", () => new MetricEvidenceCollector(MfaEnrollment, _ => default, null!));
    }

    private static ComplianceException Build(MetricEvidenceDefinition definition) =>
        Assert.Throws<ComplianceException>(() => new MetricEvidenceCollector(definition, _ => ValueTask.FromResult(new MetricReading(1m)), Collecting.Catalog));

    private static MetricEvidenceDefinition Identity(string name, string metric, string unit, string citation, MetricThreshold? threshold) => new()
    {
        Name = "telehealth.identity." + name,
        EvidenceId = "identity." + name,
        Metric = metric,
        Unit = unit,
        Description = "Identity metric " + name,
        Citations = [citation],
        Threshold = threshold,
    };

    [Fact]
    public void Definitions_with_equal_citations_in_other_lists_are_equal()
    {
        var copy = MfaEnrollment with { Citations = [.. MfaEnrollment.Citations] };
        Assert.NotSame(MfaEnrollment.Citations, copy.Citations);
        Assert.Equal(MfaEnrollment, copy);
        Assert.Equal(MfaEnrollment.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(MfaEnrollment, MfaEnrollment with { Citations = ["164.308(a)(1)(ii)(D)"] });
    }
}
