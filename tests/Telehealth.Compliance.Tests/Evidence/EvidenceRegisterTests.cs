using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Evidence;

public sealed class EvidenceRegisterTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly EvidenceRegister _register;

    public EvidenceRegisterTests()
    {
        _register = new EvidenceRegister(SecurityRuleCatalog.Latest, _time);
    }

    internal static EvidenceItem MfaRate(decimal percent = 97.5m, DateTimeOffset? collectedAt = null) => new()
    {
        Id = "identity.mfa-enrollment",
        Observation = new EvidenceObservation
        {
            Description = "Share of active users enrolled in MFA",
            Metric = "identity.mfa.enrollment-rate",
            Value = percent,
            Unit = "percent",
        },
        Source = "telehealth.identity.metrics",
        CollectedAt = collectedAt ?? Start,
        ExpiresAt = (collectedAt ?? Start).AddDays(7),
        Kind = EvidenceKind.RuntimeMeasurement,
        Citations = ["164.312(d)"],
        Outcome = percent >= 95m ? EvidenceOutcome.Satisfied : EvidenceOutcome.NotSatisfied,
    };

    internal static EvidenceItem Policy() => new()
    {
        Id = "policy.access-control",
        Observation = new EvidenceObservation { Description = "Access control policy v3, approved by the security official" },
        Source = "policy-library",
        CollectedAt = Start.AddDays(-30),
        ExpiresAt = Start.AddDays(335),
        Kind = EvidenceKind.Document,
        Citations = ["164.312(a)(1)", "164.308(a)(4)"],
    };

    [Fact]
    public void Records_items_with_metric_value_and_unit()
    {
        _register.Add(MfaRate());
        _register.Add(Policy());

        Assert.Equal(["identity.mfa-enrollment", "policy.access-control"], _register.Items.Select(i => i.Id));
        Assert.True(_register.TryGet("identity.mfa-enrollment", out var mfa));
        Assert.Equal("identity.mfa.enrollment-rate = 97.5 percent", mfa.Observation.ToString());
        Assert.Equal("Access control policy v3, approved by the security official", _register.Items[1].Observation.ToString());
        Assert.Equal(["policy.access-control"], _register.GetForCitation("164.308(a)(4)").Select(i => i.Id));
        Assert.Empty(_register.GetForCitation("164.312(b)"));
    }

    [Fact]
    public void A_newer_item_supersedes_an_older_one_of_the_same_id()
    {
        var newer = MfaRate(99m, Start.AddDays(1));
        _register.Add(newer);
        _register.Add(MfaRate(90m));

        Assert.Same(newer, Assert.Single(_register.Items));
    }

    [Fact]
    public void Evidence_is_stale_from_its_expiry_and_flagged()
    {
        _register.Add(MfaRate());
        _register.Add(Policy());
        Assert.Empty(_register.Check());
        Assert.False(_register.IsStale(_register.Items[0]));

        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromTicks(1));
        Assert.Empty(_register.Check());

        _time.Advance(TimeSpan.FromTicks(1));
        var finding = Assert.Single(_register.Check());
        Assert.Equal(FindingCodes.EvidenceStale, finding.Code);
        Assert.Equal("identity.mfa-enrollment", finding.Subject);
        Assert.Equal("164.312(d)", finding.Citation);
        Assert.Equal(new DateOnly(2026, 3, 8), finding.DueOn);
        Assert.Equal("The evidence from 'telehealth.identity.metrics' expired at 2026-03-08 12:00:00Z; collect it again.", finding.Message);
        Assert.True(_register.IsStale(_register.Items[0]));
    }

    [Fact]
    public void Current_evidence_that_shows_a_gap_is_a_finding()
    {
        _register.Add(MfaRate(80m));

        var finding = Assert.Single(_register.Check());
        Assert.Equal(FindingCodes.EvidenceNotSatisfied, finding.Code);
        Assert.Equal("The evidence from 'telehealth.identity.metrics' shows a gap: identity.mfa.enrollment-rate = 80 percent.", finding.Message);
    }

    [Fact]
    public void Citations_are_checked_against_the_catalog()
    {
        var ex = Assert.Throws<ComplianceException>(() => _register.Add(MfaRate() with { Citations = ["164.312(z)"] }));

        Assert.Equal("TH5001", ex.Code);
        Assert.Equal("TH5026", Assert.Throws<ComplianceException>(() => _register.Add(MfaRate() with { Citations = [] })).Code);
        Assert.Empty(_register.Items);
    }

    [Fact]
    public void Invalid_items_are_rejected_with_stable_codes()
    {
        static string Code(Action add) => Assert.Throws<ComplianceException>(add).Code;

        Assert.Equal("TH5050", Code(() => _register.Add(MfaRate() with { ExpiresAt = Start })));
        Assert.Equal("TH5023", Code(() => _register.Add(MfaRate() with { Id = "MFA rate" })));
        Assert.Equal("TH5026", Code(() => _register.Add(MfaRate() with { Source = "" })));
        Assert.Equal("TH5030", Code(() => _register.Add(MfaRate() with { Kind = 0 })));
        Assert.Equal("TH5026", Code(() => _register.Add(MfaRate() with { Observation = MfaRate().Observation with { Unit = null } })));
        Assert.Equal("TH5026", Code(() => _register.Add(MfaRate() with { Observation = MfaRate().Observation with { Value = null } })));
        Assert.Equal("TH5023", Code(() => _register.Add(MfaRate() with { Observation = MfaRate().Observation with { Metric = "MFA rate" } })));
        Assert.Equal("TH5026", Code(() => _register.Add(MfaRate() with { Observation = new EvidenceObservation { Description = " " } })));
    }

    [Fact]
    public async Task Collectors_run_and_their_items_are_recorded()
    {
        var collectors = new IEvidenceCollector[]
        {
            new FixedCollector("telehealth.identity.metrics", MfaRate()),
            new FixedCollector("policy-library", Policy()),
        };

        var recorded = await _register.CollectAsync(collectors);

        Assert.Equal(2, recorded);
        Assert.Equal(2, _register.Items.Count);
    }

    [Fact]
    public async Task A_collector_with_an_invalid_item_records_nothing_of_its_own()
    {
        var collectors = new IEvidenceCollector[]
        {
            new FixedCollector("good", Policy()),
            new FixedCollector("broken", MfaRate(), MfaRate() with { Id = "x", Citations = ["164.999"] }),
        };

        var ex = await Assert.ThrowsAsync<ComplianceException>(() => _register.CollectAsync(collectors));

        Assert.Equal("TH5051", ex.Code);
        Assert.Equal("TH5051: Evidence collector 'broken' returned an invalid item; none of its items were recorded.", ex.Message);
        Assert.Equal("TH5001", Assert.IsType<ComplianceException>(ex.InnerException).Code);
        Assert.Equal(["policy.access-control"], _register.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Collection_honors_cancellation()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _register.CollectAsync([new FixedCollector("c", Policy())], cts.Token));
        Assert.Empty(_register.Items);
    }

    [Fact]
    public void Describes_itself_without_values_of_people()
    {
        Assert.Equal(
            "identity.mfa-enrollment RuntimeMeasurement Satisfied from telehealth.identity.metrics, collected 2026-03-01 12:00:00Z, expires 2026-03-08 12:00:00Z",
            MfaRate().ToString());
    }

    [Fact]
    public void Null_arguments_name_the_parameter()
    {
        Assert.Throws<ArgumentNullException>("catalog", () => new EvidenceRegister(null!, _time));
        Assert.Throws<ArgumentNullException>("timeProvider", () => new EvidenceRegister(SecurityRuleCatalog.Latest, null!));
        Assert.Throws<ArgumentNullException>("item", () => _register.Add(null!));
        Assert.Throws<ArgumentNullException>("citation", () => _register.GetForCitation(null!));
    }

    /// <summary>A collector that returns fixed items, as a real collector returns what it measured.</summary>
    private sealed class FixedCollector(string name, params EvidenceItem[] items) : IEvidenceCollector
    {
        public string Name => name;

        public async Task<IReadOnlyList<EvidenceItem>> CollectAsync(CancellationToken cancellationToken)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            return items;
        }
    }
}
