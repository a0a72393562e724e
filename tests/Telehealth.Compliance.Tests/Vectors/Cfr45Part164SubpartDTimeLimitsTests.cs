using Microsoft.Extensions.Time.Testing;
using Telehealth.Compliance.Tests.Breach;

namespace Telehealth.Compliance.Tests.Vectors;

/// <summary>
/// Every provision of 45 CFR 164.404–164.412 that sets a time limit, one test each, at its boundaries:
/// 164.404(b), 164.404(d)(2)(ii), 164.406(b), 164.408(b), 164.408(c), 164.410(b), 164.412(a) and 164.412(b).
/// </summary>
public sealed class Cfr45Part164SubpartDTimeLimitsTests
{
    private static readonly DateOnly March1 = new(2026, 3, 1);

    private static BreachNotificationSchedule Schedule(BreachAssessment assessment) => BreachDeadlineEngine.Schedule(assessment);

    private static BreachAssessment Breach(params (string, int)[] affected) => BreachDeadlineEngineTests.Breach(March1, affected);

    /// <summary>Whether a notice is overdue on a day, as the log reports it.</summary>
    private static bool OverdueOn(BreachAssessment assessment, BreachNotificationRecipient recipient, DateOnly day)
    {
        var log = new BreachAssessmentLog(new FakeTimeProvider(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)));
        log.Record(assessment);
        var citation = log.Schedules[0].For(recipient)[0].Citation;
        return log.Check().Any(f => f.Code == FindingCodes.BreachNoticeOverdue && f.Citation == citation);
    }

    [Fact]
    public void Row_164_404_b_individuals_within_60_calendar_days_after_discovery()
    {
        var breach = Breach(("TX", 10));

        var notice = Assert.Single(Schedule(breach).For(BreachNotificationRecipient.Individuals));

        Assert.Equal("164.404(b)", notice.Citation);
        Assert.Equal(March1.AddDays(60), notice.DueBy);
        Assert.False(OverdueOn(breach, BreachNotificationRecipient.Individuals, March1.AddDays(60)));
        Assert.True(OverdueOn(breach, BreachNotificationRecipient.Individuals, March1.AddDays(61)));
    }

    [Fact]
    public void Row_164_404_d_2_ii_substitute_notice_for_ten_or_more_posted_for_90_days()
    {
        var ten = Breach(("TX", 40)) with { InsufficientContactCount = 10 };
        var nine = Breach(("TX", 40)) with { InsufficientContactCount = 9 };

        var substitute = Assert.Single(Schedule(ten).For(BreachNotificationRecipient.SubstituteNotice));

        Assert.Equal("164.404(d)(2)(ii)", substitute.Citation);
        Assert.Equal(March1.AddDays(60), substitute.DueBy); // it is the individual notice of those who cannot be reached
        Assert.Equal(BreachNotificationDeadline.SubstituteNoticeDays, substitute.MaintainDays);
        Assert.Equal(90, substitute.MaintainDays);
        Assert.Null(Schedule(ten).For(BreachNotificationRecipient.Individuals)[0].MaintainDays);
        Assert.Empty(Schedule(nine).For(BreachNotificationRecipient.SubstituteNotice));
        Assert.True(OverdueOn(ten, BreachNotificationRecipient.SubstituteNotice, March1.AddDays(61)));
    }

    [Fact]
    public void Row_164_404_d_2_ii_the_posting_and_toll_free_number_stay_for_90_days_from_the_day_given()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var log = new BreachAssessmentLog(time);
        log.Record(Breach(("TX", 40)) with { InsufficientContactCount = 12 });
        log.RecordNotice("incident-1", BreachNotificationRecipient.SubstituteNotice, new DateOnly(2026, 4, 1));

        var notice = ComplianceAssessment.Create("t", SecurityRuleCatalog.Latest, time, breaches: log).Breaches[0].Notices
            .Single(n => n.Deadline.Recipient == BreachNotificationRecipient.SubstituteNotice);

        Assert.Equal(new DateOnly(2026, 6, 30), notice.MaintainUntil);
    }

    [Theory]
    [InlineData(501, true)]
    [InlineData(500, false)]
    public void Row_164_406_b_media_within_60_days_for_more_than_500_residents_of_a_state(int residents, bool required)
    {
        var media = Schedule(Breach(("CA", residents))).For(BreachNotificationRecipient.Media);

        Assert.Equal(required, media.Count == 1);
        if (required)
        {
            Assert.Equal("164.406(b)", media[0].Citation);
            Assert.Equal(March1.AddDays(60), media[0].DueBy);
        }
    }

    [Fact]
    public void Row_164_408_b_secretary_contemporaneously_with_individuals_for_500_or_more()
    {
        var schedule = Schedule(Breach(("CA", 250), ("NV", 250)));

        var secretary = Assert.Single(schedule.For(BreachNotificationRecipient.Secretary));
        Assert.Equal("164.408(b)", secretary.Citation);
        Assert.Equal(schedule.For(BreachNotificationRecipient.Individuals)[0].DueBy, secretary.DueBy);
        Assert.Empty(schedule.For(BreachNotificationRecipient.SecretaryAnnualLog));
    }

    [Theory]
    [InlineData("2026-03-01", "2027-03-01")]
    [InlineData("2026-12-31", "2027-03-01")]
    [InlineData("2027-01-01", "2028-02-29")] // 60 days after the end of 2027, a year before a leap year
    [InlineData("2028-02-29", "2029-03-01")]
    public void Row_164_408_c_secretary_within_60_days_after_the_end_of_the_calendar_year_for_fewer_than_500(string discovered, string due)
    {
        var log = Assert.Single(Schedule(BreachDeadlineEngineTests.Breach(DateOnly.Parse(discovered, System.Globalization.CultureInfo.InvariantCulture), ("CA", 499)))
            .For(BreachNotificationRecipient.SecretaryAnnualLog));

        Assert.Equal("164.408(c)", log.Citation);
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), log.DueBy);
    }

    [Fact]
    public void Row_164_410_b_business_associate_within_60_days_after_discovery()
    {
        var breach = Breach(("TX", 5000)) with { Role = BreachRole.BusinessAssociate, InsufficientContactCount = 100 };

        var notice = Assert.Single(Schedule(breach).Deadlines); // the covered entity notifies individuals, media and Secretary

        Assert.Equal(BreachNotificationRecipient.EngagingParty, notice.Recipient);
        Assert.Equal("164.410(b)", notice.Citation);
        Assert.Equal(March1.AddDays(60), notice.DueBy);
        Assert.False(OverdueOn(breach, BreachNotificationRecipient.EngagingParty, March1.AddDays(60)));
        Assert.True(OverdueOn(breach, BreachNotificationRecipient.EngagingParty, March1.AddDays(61)));
    }

    [Theory]
    [InlineData(10, "2026-04-30")] // ends March 20: the 60 days stand
    [InlineData(90, "2026-06-08")] // ends June 8, after April 30: the notice is due the day it ends
    public void Row_164_412_a_written_statement_delays_for_the_period_it_specifies(int days, string due)
    {
        var delay = new LawEnforcementDelay { WrittenStatementOn = new DateOnly(2026, 3, 10), WrittenDelayDays = days };

        var individuals = Schedule(Breach(("TX", 10)) with { LawEnforcementDelay = delay }).For(BreachNotificationRecipient.Individuals)[0];

        Assert.Equal(new DateOnly(2026, 3, 10).AddDays(days), individuals.NotBefore);
        Assert.Equal(DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), individuals.DueBy);
    }

    [Fact]
    public void Row_164_412_b_oral_statement_delays_no_longer_than_30_days()
    {
        var oral = new LawEnforcementDelay { OralStatementOn = new DateOnly(2026, 4, 20), OfficialIdentity = "Detective, state police" };

        var individuals = Schedule(Breach(("TX", 10)) with { LawEnforcementDelay = oral }).For(BreachNotificationRecipient.Individuals)[0];

        Assert.Equal(new DateOnly(2026, 5, 20), individuals.NotBefore);
        Assert.Equal(new DateOnly(2026, 5, 20), individuals.DueBy);
        Assert.Equal(
            ComplianceErrorCodes.OutOfRange,
            Assert.Throws<ComplianceException>(() => Schedule(Breach(("TX", 10)) with { LawEnforcementDelay = oral with { OralDelayDays = 31 } })).Code);
    }

    [Fact]
    public void Substitute_notice_counts_are_checked()
    {
        Assert.Equal(ComplianceErrorCodes.OutOfRange, Assert.Throws<ComplianceException>(() => Schedule(Breach(("TX", 10)) with { InsufficientContactCount = -1 })).Code);
        Assert.Equal(ComplianceErrorCodes.OutOfRange, Assert.Throws<ComplianceException>(() => Schedule(Breach(("TX", 10)) with { InsufficientContactCount = 11 })).Code);
    }
}
