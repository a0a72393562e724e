using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Breach;

/// <summary>
/// A law enforcement delay (164.412) holds back notices whose deadline had not passed when the official spoke; a
/// statement made after a deadline cannot revive it, and one dated before discovery is refused.
/// </summary>
public sealed class LawEnforcementDelayTests
{
    private static readonly DateOnly March1 = new(2026, 3, 1);
    private static readonly DateOnly Deadline = new(2026, 4, 30);

    private static BreachNotificationSchedule Schedule(LawEnforcementDelay delay, params (string, int)[] affected) =>
        BreachDeadlineEngine.Schedule(BreachDeadlineEngineTests.Breach(March1, affected.Length == 0 ? [("TX", 10)] : affected) with { LawEnforcementDelay = delay });

    [Fact]
    public void A_written_statement_after_the_deadline_moves_no_deadline()
    {
        var delay = new LawEnforcementDelay { WrittenStatementOn = new DateOnly(2026, 5, 10), WrittenDelayDays = 90 };

        var individuals = Schedule(delay).For(BreachNotificationRecipient.Individuals)[0];

        Assert.Equal(Deadline, individuals.DueBy);
        Assert.Null(individuals.NotBefore);
        Assert.Equal(new DateOnly(2026, 5, 10), individuals.DelayRequestedAfterDeadlineOn);
    }

    [Fact]
    public void An_oral_statement_after_the_deadline_moves_no_deadline()
    {
        var delay = new LawEnforcementDelay { OralStatementOn = new DateOnly(2026, 5, 1), OfficialIdentity = "Detective, city police" };

        var individuals = Schedule(delay).For(BreachNotificationRecipient.Individuals)[0];

        Assert.Equal(Deadline, individuals.DueBy);
        Assert.Null(individuals.NotBefore);
    }

    [Fact]
    public void A_statement_on_the_deadline_still_delays_it()
    {
        var delay = new LawEnforcementDelay { WrittenStatementOn = Deadline, WrittenDelayDays = 30 };

        var individuals = Schedule(delay).For(BreachNotificationRecipient.Individuals)[0];

        Assert.Equal(new DateOnly(2026, 5, 30), individuals.DueBy);
        Assert.Equal(new DateOnly(2026, 5, 30), individuals.NotBefore);
        Assert.Null(individuals.DelayRequestedAfterDeadlineOn);
    }

    [Fact]
    public void A_statement_after_the_sixty_day_notices_still_delays_the_annual_log_whose_deadline_is_later()
    {
        var delay = new LawEnforcementDelay { WrittenStatementOn = new DateOnly(2026, 6, 1), WrittenDelayDays = 30 };

        var schedule = Schedule(delay);

        Assert.Equal(Deadline, schedule.For(BreachNotificationRecipient.Individuals)[0].DueBy);
        var log = schedule.For(BreachNotificationRecipient.SecretaryAnnualLog)[0];
        Assert.Equal(new DateOnly(2027, 3, 1), log.DueBy);
        Assert.Equal(new DateOnly(2026, 7, 1), log.NotBefore);
        Assert.Null(log.DelayRequestedAfterDeadlineOn);
    }

    [Fact]
    public void A_written_statement_after_the_oral_delay_lapsed_and_after_the_deadline_does_not_extend_it()
    {
        // The oral delay moves the deadline to May 20; the written statement comes on May 25, after that day.
        var delay = new LawEnforcementDelay
        {
            OralStatementOn = new DateOnly(2026, 4, 20),
            OfficialIdentity = "Special Agent, FBI field office",
            WrittenStatementOn = new DateOnly(2026, 5, 25),
            WrittenDelayDays = 60,
        };

        var individuals = Schedule(delay).For(BreachNotificationRecipient.Individuals)[0];

        Assert.Equal(new DateOnly(2026, 5, 20), individuals.DueBy);
        Assert.Equal(new DateOnly(2026, 5, 20), individuals.NotBefore);
        Assert.Equal(new DateOnly(2026, 5, 25), individuals.DelayRequestedAfterDeadlineOn);
    }

    [Fact]
    public void A_written_statement_within_the_oral_delay_governs_even_when_shorter()
    {
        var delay = new LawEnforcementDelay
        {
            OralStatementOn = new DateOnly(2026, 4, 20),
            OfficialIdentity = "Special Agent, FBI field office",
            WrittenStatementOn = new DateOnly(2026, 4, 25),
            WrittenDelayDays = 10,
        };

        var individuals = Schedule(delay).For(BreachNotificationRecipient.Individuals)[0];

        Assert.Equal(new DateOnly(2026, 5, 5), delay.EndsOn);
        Assert.Equal(new DateOnly(2026, 5, 5), individuals.DueBy);
        Assert.Equal(new DateOnly(2026, 5, 5), individuals.NotBefore);
    }

    [Fact]
    public void The_delay_does_not_add_its_length_to_the_sixty_days()
    {
        // Tolling would give April 30 + 20 days; the engine keeps April 30, since the delay ended before it.
        var delay = new LawEnforcementDelay { WrittenStatementOn = new DateOnly(2026, 3, 10), WrittenDelayDays = 20 };

        var individuals = Schedule(delay).For(BreachNotificationRecipient.Individuals)[0];

        Assert.Equal(Deadline, individuals.DueBy);
        Assert.Equal(new DateOnly(2026, 3, 30), individuals.NotBefore);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_statement_dated_before_discovery_is_refused(bool written)
    {
        var delay = written
            ? new LawEnforcementDelay { WrittenStatementOn = March1.AddDays(-1), WrittenDelayDays = 30 }
            : new LawEnforcementDelay { OralStatementOn = March1.AddDays(-1), OfficialIdentity = "Agent" };

        var ex = Assert.Throws<ComplianceException>(() => Schedule(delay));

        Assert.Equal("TH5046", ex.Code);
        Assert.Equal("TH5046: The law enforcement statement of 2026-02-28 is dated before the breach was discovered (2026-03-01); a delay cannot precede discovery.", ex.Message);
    }

    [Fact]
    public void A_statement_on_the_day_of_discovery_is_accepted()
    {
        var delay = new LawEnforcementDelay { OralStatementOn = March1, OfficialIdentity = "Agent" };

        Assert.Equal(new DateOnly(2026, 3, 31), Schedule(delay).Deadlines[0].NotBefore);
    }

    [Fact]
    public void A_party_of_a_chain_cannot_date_its_delay_before_its_discovery()
    {
        var chain = new[]
        {
            new BreachChainParty { PartyId = "turn-host", DiscoveredOn = March1, NotifiedUpstreamOn = March1.AddDays(5) },
            new BreachChainParty
            {
                PartyId = "video-relay",
                LawEnforcementDelay = new LawEnforcementDelay { WrittenStatementOn = March1.AddDays(2), WrittenDelayDays = 30 },
            },
            new BreachChainParty { PartyId = "covered-entity" },
        };

        Assert.Equal("TH5046", Assert.Throws<ComplianceException>(() => BreachDeadlineEngine.Cascade(chain)).Code);
    }

    [Fact]
    public void A_delay_requested_after_the_deadline_passed_is_a_finding_when_notice_was_not_given_in_time()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var log = new BreachAssessmentLog(time);
        log.Record(BreachDeadlineEngineTests.Breach(March1, ("TX", 10)) with
        {
            LawEnforcementDelay = new LawEnforcementDelay { WrittenStatementOn = new DateOnly(2026, 5, 10), WrittenDelayDays = 90 },
        });

        var findings = log.Check();

        var late = Assert.Single(findings, f => f.Code == "TH5253");
        Assert.Equal("164.412", late.Citation);
        Assert.Equal(Deadline, late.DueOn);
        Assert.Equal(
            "The law enforcement statement of 2026-05-10 came after the deadline of the notice to Individuals had passed; it does not excuse the missed deadline (164.412 delays notice only while it is still due).",
            late.Message);
        Assert.Contains(findings, f => f.Code == FindingCodes.BreachNoticeOverdue);

        // Given in time, the late statement changes nothing and is not reported.
        log.RecordNotice("incident-1", BreachNotificationRecipient.Individuals, new DateOnly(2026, 4, 28));
        Assert.DoesNotContain(log.Check(), f => f.Code == "TH5253");
    }
}
