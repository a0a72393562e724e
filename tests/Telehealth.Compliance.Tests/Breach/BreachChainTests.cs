namespace Telehealth.Compliance.Tests.Breach;

/// <summary>A breach at a subcontractor travels up to the business associate and then to the covered entity.</summary>
public sealed class BreachChainTests
{
    private static readonly DateOnly Jan10 = new(2026, 1, 10);

    private static BreachChainParty Subcontractor(DateOnly? notified = null, bool agent = false) =>
        new() { PartyId = "backup-co", DiscoveredOn = Jan10, NotifiedUpstreamOn = notified, IsAgentOfUpstream = agent };

    [Fact]
    public void Independent_contractors_start_the_clock_above_them_when_they_notify()
    {
        var steps = BreachDeadlineEngine.Cascade(
        [
            Subcontractor(notified: new DateOnly(2026, 2, 1)),
            new BreachChainParty { PartyId = "cloud-host", NotifiedUpstreamOn = new DateOnly(2026, 3, 15) },
            new BreachChainParty { PartyId = "covered-entity" },
        ]);

        Assert.Equal(Jan10, steps[0].DiscoveredOn);
        Assert.Equal(DiscoveryBasis.OwnKnowledge, steps[0].Basis);
        Assert.Equal(new DateOnly(2026, 3, 11), steps[0].NotifyUpstream!.DueBy);
        Assert.Equal("cloud-host", steps[0].UpstreamPartyId);

        Assert.Equal(new DateOnly(2026, 2, 1), steps[1].DiscoveredOn);
        Assert.Equal(DiscoveryBasis.NotifiedByParty, steps[1].Basis);
        Assert.Equal(new DateOnly(2026, 4, 2), steps[1].NotifyUpstream!.DueBy);
        Assert.False(steps[1].NotifiedLate);

        Assert.Equal(new DateOnly(2026, 3, 15), steps[2].DiscoveredOn);
        Assert.Equal(DiscoveryBasis.NotifiedByParty, steps[2].Basis);
        Assert.Null(steps[2].NotifyUpstream);
        Assert.Null(steps[2].UpstreamPartyId);

        // The covered entity's own deadlines run from its discovery date.
        var schedule = BreachDeadlineEngine.Schedule(BreachDeadlineEngineTests.Breach(steps[2].DiscoveredOn!.Value, ("CA", 40)));
        Assert.Equal(new DateOnly(2026, 5, 14), schedule.For(BreachNotificationRecipient.Individuals)[0].DueBy);
    }

    [Fact]
    public void An_agent_discovery_is_the_principal_discovery()
    {
        var steps = BreachDeadlineEngine.Cascade(
        [
            Subcontractor(notified: new DateOnly(2026, 2, 1), agent: true),
            new BreachChainParty { PartyId = "cloud-host", NotifiedUpstreamOn = new DateOnly(2026, 3, 1), IsAgentOfUpstream = true },
            new BreachChainParty { PartyId = "covered-entity" },
        ]);

        Assert.Equal(Jan10, steps[1].DiscoveredOn);
        Assert.Equal(DiscoveryBasis.ImputedFromAgent, steps[1].Basis);
        Assert.Equal(new DateOnly(2026, 3, 11), steps[1].NotifyUpstream!.DueBy);
        Assert.Equal(Jan10, steps[2].DiscoveredOn);
        Assert.Equal(DiscoveryBasis.ImputedFromAgent, steps[2].Basis);
        Assert.Equal("covered-entity discovered 2026-01-10 (ImputedFromAgent)", steps[2].ToString());
    }

    [Fact]
    public void A_party_that_knew_before_being_told_starts_its_clock_then()
    {
        var steps = BreachDeadlineEngine.Cascade(
        [
            Subcontractor(notified: new DateOnly(2026, 3, 1)),
            new BreachChainParty { PartyId = "cloud-host", DiscoveredOn = new DateOnly(2026, 2, 20) },
        ]);

        Assert.Equal(new DateOnly(2026, 2, 20), steps[1].DiscoveredOn);
        Assert.Equal(DiscoveryBasis.OwnKnowledge, steps[1].Basis);
    }

    [Fact]
    public void Clock_above_has_not_started_until_notice_and_late_notice_is_flagged()
    {
        var waiting = BreachDeadlineEngine.Cascade([Subcontractor(), new BreachChainParty { PartyId = "cloud-host" }]);

        Assert.Null(waiting[1].DiscoveredOn);
        Assert.Equal(DiscoveryBasis.NotYetDiscovered, waiting[1].Basis);
        Assert.Equal(new DateOnly(2026, 3, 11), waiting[0].NotifyUpstream!.DueBy);
        Assert.False(waiting[0].NotifiedLate);

        var late = BreachDeadlineEngine.Cascade([Subcontractor(notified: new DateOnly(2026, 3, 12)), new BreachChainParty { PartyId = "cloud-host" }]);
        Assert.True(late[0].NotifiedLate);
    }

    [Fact]
    public void A_law_enforcement_delay_of_a_party_moves_its_notice_to_the_party_above()
    {
        var delay = new LawEnforcementDelay { WrittenStatementOn = new DateOnly(2026, 2, 1), WrittenDelayDays = 60 };
        var steps = BreachDeadlineEngine.Cascade([Subcontractor() with { LawEnforcementDelay = delay }, new BreachChainParty { PartyId = "cloud-host" }]);

        Assert.Equal(new DateOnly(2026, 4, 2), steps[0].NotifyUpstream!.DueBy);
        Assert.Equal(new DateOnly(2026, 4, 2), steps[0].NotifyUpstream!.NotBefore);
    }

    [Fact]
    public void Invalid_chains_are_rejected()
    {
        Assert.Equal("TH5043", Assert.Throws<ComplianceException>(() => BreachDeadlineEngine.Cascade([Subcontractor()])).Code);
        Assert.Equal("TH5043", Assert.Throws<ComplianceException>(() => BreachDeadlineEngine.Cascade([Subcontractor() with { DiscoveredOn = null }, new BreachChainParty { PartyId = "ce" }])).Code);
        Assert.Equal("TH5024", Assert.Throws<ComplianceException>(() => BreachDeadlineEngine.Cascade([Subcontractor(), Subcontractor()])).Code);
        Assert.Equal("TH5023", Assert.Throws<ComplianceException>(() => BreachDeadlineEngine.Cascade([Subcontractor(), new BreachChainParty { PartyId = "Covered Entity" }])).Code);
        Assert.Equal(
            "TH5044: Party 'backup-co' is recorded as notifying the party above before it discovered the breach.",
            Assert.Throws<ComplianceException>(() => BreachDeadlineEngine.Cascade([Subcontractor(notified: new DateOnly(2026, 1, 9)), new BreachChainParty { PartyId = "ce" }])).Message);
    }
}
