namespace Telehealth.Compliance.Tests.Breach;

public sealed class BreachDeadlineEngineTests
{
    internal static BreachAssessment Breach(DateOnly discoveredOn, params (string Jurisdiction, int Count)[] affected) => new()
    {
        Id = "incident-1",
        Role = BreachRole.CoveredEntity,
        DiscoveredOn = discoveredOn,
        Summary = "Unencrypted laptop with visit notes stolen from a car.",
        Conclusion = BreachConclusion.Breach,
        NatureAndExtent = "Names, dates of service and diagnoses.",
        ReidentificationLikelihood = RiskLevel.VeryHigh,
        UnauthorizedRecipient = "Unknown thief.",
        AcquiredOrViewed = PhiAcquisition.Unknown,
        Mitigation = "Remote wipe requested; device not yet online.",
        AffectedByJurisdiction = affected.ToDictionary(a => a.Jurisdiction, a => a.Count),
        AssessedBy = "Privacy official",
        AssessedOn = discoveredOn.AddDays(3),
    };

    private static readonly DateOnly March1 = new(2026, 3, 1);

    [Fact]
    public void Individuals_are_due_sixty_calendar_days_after_discovery()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(March1, ("CA", 10)));

        var individuals = Assert.Single(schedule.For(BreachNotificationRecipient.Individuals));
        Assert.Equal(new DateOnly(2026, 4, 30), individuals.DueBy);
        Assert.Null(individuals.NotBefore);
        Assert.Equal("164.404(b)", individuals.Citation);
        Assert.False(individuals.IsPastDueOn(new DateOnly(2026, 4, 30)));
        Assert.True(individuals.IsPastDueOn(new DateOnly(2026, 5, 1)));
        Assert.Equal("Individuals by 2026-04-30 (164.404(b))", individuals.ToString());
    }

    [Fact]
    public void Five_hundred_one_residents_of_one_state_require_media_notice_in_that_state_and_the_secretary_now()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(March1, ("TX", 501), ("CA", 20)));

        var media = Assert.Single(schedule.For(BreachNotificationRecipient.Media));
        Assert.Equal("TX", media.Jurisdiction);
        Assert.Equal(new DateOnly(2026, 4, 30), media.DueBy);
        Assert.Equal("164.406(b)", media.Citation);
        Assert.Equal(new DateOnly(2026, 4, 30), Assert.Single(schedule.For(BreachNotificationRecipient.Secretary)).DueBy);
        Assert.Empty(schedule.For(BreachNotificationRecipient.SecretaryAnnualLog));
        Assert.Equal(
            [BreachNotificationRecipient.Individuals, BreachNotificationRecipient.Media, BreachNotificationRecipient.Secretary],
            schedule.Deadlines.Select(d => d.Recipient));
    }

    [Fact]
    public void Four_hundred_in_each_of_two_states_require_no_media_notice_but_the_secretary_now()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(March1, ("NY", 400), ("NJ", 400)));

        Assert.Empty(schedule.For(BreachNotificationRecipient.Media));
        Assert.Equal("164.408(b)", Assert.Single(schedule.For(BreachNotificationRecipient.Secretary)).Citation);
        Assert.Equal(800, schedule.Assessment.TotalAffected);
    }

    [Fact]
    public void Media_notice_is_per_state_for_every_state_above_five_hundred()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(March1, ("WA", 900), ("OR", 501), ("ID", 500)));

        Assert.Equal(["OR", "WA"], schedule.For(BreachNotificationRecipient.Media).Select(d => d.Jurisdiction));
    }

    [Fact]
    public void Residents_of_unknown_jurisdiction_count_toward_the_total_but_never_call_for_media()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(March1, (BreachAssessment.UnknownJurisdiction, 700)));

        Assert.Empty(schedule.For(BreachNotificationRecipient.Media));
        Assert.Single(schedule.For(BreachNotificationRecipient.Secretary));
    }

    [Fact]
    public void Exactly_five_hundred_in_total_goes_to_the_secretary_now_but_not_to_the_media()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(March1, ("CA", 500)));

        Assert.Empty(schedule.For(BreachNotificationRecipient.Media));
        Assert.Single(schedule.For(BreachNotificationRecipient.Secretary));
        Assert.Empty(schedule.For(BreachNotificationRecipient.SecretaryAnnualLog));
    }

    [Fact]
    public void Four_hundred_ninety_nine_in_total_go_to_the_annual_log()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(March1, ("CA", 300), ("unknown", 199)));

        Assert.Empty(schedule.For(BreachNotificationRecipient.Secretary));
        var log = Assert.Single(schedule.For(BreachNotificationRecipient.SecretaryAnnualLog));
        Assert.Equal(new DateOnly(2027, 3, 1), log.DueBy);
        Assert.Equal("164.408(c)", log.Citation);
    }

    [Fact]
    public void Discovery_on_december_31_counts_in_that_year_and_is_due_sixty_days_later()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(new DateOnly(2026, 12, 31), ("CA", 12)));

        Assert.Equal(new DateOnly(2027, 3, 1), schedule.For(BreachNotificationRecipient.Individuals)[0].DueBy);
        Assert.Equal(new DateOnly(2027, 3, 1), schedule.For(BreachNotificationRecipient.SecretaryAnnualLog)[0].DueBy);
    }

    [Fact]
    public void Discovery_one_day_later_goes_into_the_next_year_log_due_february_29_of_a_leap_year()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(new DateOnly(2027, 1, 1), ("CA", 12)));

        Assert.Equal(new DateOnly(2027, 3, 2), schedule.For(BreachNotificationRecipient.Individuals)[0].DueBy);
        Assert.Equal(new DateOnly(2028, 2, 29), schedule.For(BreachNotificationRecipient.SecretaryAnnualLog)[0].DueBy);
    }

    [Fact]
    public void Discovery_on_december_31_before_a_leap_year_is_due_february_29()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(new DateOnly(2027, 12, 31), ("CA", 12)));

        Assert.Equal(new DateOnly(2028, 2, 29), schedule.For(BreachNotificationRecipient.Individuals)[0].DueBy);
        Assert.Equal(new DateOnly(2028, 2, 29), schedule.For(BreachNotificationRecipient.SecretaryAnnualLog)[0].DueBy);
    }

    [Fact]
    public void Written_law_enforcement_delay_beyond_the_deadline_moves_every_notice_to_its_end()
    {
        var delay = new LawEnforcementDelay { WrittenStatementOn = new DateOnly(2026, 3, 10), WrittenDelayDays = 90 };
        var schedule = BreachDeadlineEngine.Schedule(Breach(March1, ("TX", 600)) with { LawEnforcementDelay = delay });

        Assert.Equal(new DateOnly(2026, 6, 8), delay.EndsOn);
        Assert.Equal(3, schedule.Deadlines.Count);
        Assert.All(schedule.Deadlines, d => Assert.Equal(new DateOnly(2026, 6, 8), d.DueBy));
        Assert.All(schedule.Deadlines, d => Assert.Equal(new DateOnly(2026, 6, 8), d.NotBefore));
    }

    [Fact]
    public void Short_written_delay_holds_notice_back_but_keeps_the_sixty_day_deadline()
    {
        var delay = new LawEnforcementDelay { WrittenStatementOn = new DateOnly(2026, 3, 10), WrittenDelayDays = 10 };
        var individuals = BreachDeadlineEngine.Schedule(Breach(March1, ("TX", 6)) with { LawEnforcementDelay = delay }).Deadlines[0];

        Assert.Equal(new DateOnly(2026, 3, 20), individuals.NotBefore);
        Assert.Equal(new DateOnly(2026, 4, 30), individuals.DueBy);
    }

    [Fact]
    public void Oral_delay_lasts_at_most_thirty_days_from_the_statement()
    {
        var delay = new LawEnforcementDelay { OralStatementOn = new DateOnly(2026, 4, 20), OfficialIdentity = "Special Agent, FBI field office" };
        var individuals = BreachDeadlineEngine.Schedule(Breach(March1, ("TX", 6)) with { LawEnforcementDelay = delay }).Deadlines[0];

        Assert.Equal(new DateOnly(2026, 5, 20), delay.EndsOn);
        Assert.Equal(new DateOnly(2026, 5, 20), individuals.NotBefore);
        Assert.Equal(new DateOnly(2026, 5, 20), individuals.DueBy);
        Assert.Equal("Law enforcement delay (oral) until 2026-05-20", delay.ToString());
    }

    [Fact]
    public void Oral_delay_followed_by_a_written_statement_lasts_as_the_written_one_specifies()
    {
        var delay = new LawEnforcementDelay
        {
            OralStatementOn = new DateOnly(2026, 4, 20),
            OfficialIdentity = "Detective, state police",
            WrittenStatementOn = new DateOnly(2026, 5, 5),
            WrittenDelayDays = 60,
        };

        var individuals = BreachDeadlineEngine.Schedule(Breach(March1, ("TX", 6)) with { LawEnforcementDelay = delay }).Deadlines[0];

        Assert.Equal(new DateOnly(2026, 7, 4), individuals.DueBy);
    }

    [Fact]
    public void Invalid_law_enforcement_delays_are_rejected()
    {
        static string Code(LawEnforcementDelay delay) =>
            Assert.Throws<ComplianceException>(() => BreachDeadlineEngine.Schedule(Breach(March1, ("TX", 6)) with { LawEnforcementDelay = delay })).Code;

        Assert.Equal("TH5029", Code(new LawEnforcementDelay { OralStatementOn = March1, OfficialIdentity = "Agent", OralDelayDays = 45 }));
        Assert.Equal("TH5026", Code(new LawEnforcementDelay { OralStatementOn = March1 }));
        Assert.Equal("TH5029", Code(new LawEnforcementDelay { WrittenStatementOn = March1 }));
        Assert.Equal("TH5026", Code(new LawEnforcementDelay()));
        Assert.Equal("TH5042", Code(new LawEnforcementDelay { OralStatementOn = March1, OfficialIdentity = "Agent", WrittenStatementOn = March1.AddDays(-1), WrittenDelayDays = 5 }));
    }

    [Fact]
    public void Business_associate_notifies_the_engaging_party_within_sixty_days()
    {
        var schedule = BreachDeadlineEngine.Schedule(Breach(March1, ("TX", 5000)) with { Role = BreachRole.BusinessAssociate });

        var deadline = Assert.Single(schedule.Deadlines);
        Assert.Equal(BreachNotificationRecipient.EngagingParty, deadline.Recipient);
        Assert.Equal(new DateOnly(2026, 4, 30), deadline.DueBy);
        Assert.Equal("164.410(b)", deadline.Citation);
    }

    [Fact]
    public void No_notice_is_required_when_not_a_breach_or_when_the_phi_was_secured()
    {
        var lowProbability = Breach(March1, ("TX", 900)) with { Conclusion = BreachConclusion.LowProbabilityOfCompromise, AcquiredOrViewed = PhiAcquisition.NotAcquiredOrViewed };
        var excluded = Breach(March1, ("TX", 900)) with { Conclusion = BreachConclusion.Excluded, Exclusion = BreachExclusion.RecipientCouldNotRetain };
        var secured = Breach(March1, ("TX", 900)) with { UnsecuredPhi = false };

        Assert.Empty(BreachDeadlineEngine.Schedule(lowProbability).Deadlines);
        Assert.Empty(BreachDeadlineEngine.Schedule(excluded).Deadlines);
        Assert.Empty(BreachDeadlineEngine.Schedule(secured).Deadlines);
        Assert.False(secured.RequiresNotification);
    }

    [Fact]
    public void Inconsistent_or_undocumented_conclusions_are_rejected()
    {
        static ComplianceException Fail(BreachAssessment a) => Assert.Throws<ComplianceException>(() => BreachDeadlineEngine.Schedule(a));

        Assert.Equal("TH5040", Fail(Breach(March1) with { Conclusion = BreachConclusion.Excluded }).Code);
        Assert.Equal(
            "TH5040: The exclusion UnintentionalGoodFaithAccess is recorded, but the conclusion is Breach; an excluded incident is not a breach.",
            Fail(Breach(March1) with { Exclusion = BreachExclusion.UnintentionalGoodFaithAccess }).Message);
        Assert.Equal(
            "TH5041: A low probability of compromise must be demonstrated on each factor of 164.402(2); factor (2)(iii) actually acquired or viewed is not documented.",
            Fail(Breach(March1) with { Conclusion = BreachConclusion.LowProbabilityOfCompromise }).Message);
        Assert.Equal("TH5041", Fail(Breach(March1) with { Conclusion = BreachConclusion.LowProbabilityOfCompromise, AcquiredOrViewed = PhiAcquisition.NotAcquiredOrViewed, Mitigation = " " }).Code);
        Assert.Equal("TH5029", Fail(Breach(March1, ("TX", -1))).Code);
        Assert.Equal("TH5026", Fail(Breach(March1) with { Summary = "" }).Code);
        Assert.Equal("TH5023", Fail(Breach(March1) with { Id = "Incident 1" }).Code);
        Assert.Equal("TH5030", Fail(Breach(March1) with { Role = 0 }).Code);
    }

    [Fact]
    public void Describes_itself_with_counts_only() =>
        Assert.Equal("incident-1 Breach, discovered 2026-03-01, 501 affected", Breach(March1, ("TX", 501)).ToString());

    [Fact]
    public void Null_arguments_name_the_parameter()
    {
        Assert.Throws<ArgumentNullException>("assessment", () => BreachDeadlineEngine.Schedule(null!));
        Assert.Throws<ArgumentNullException>("chain", () => BreachDeadlineEngine.Cascade(null!));
    }
}
