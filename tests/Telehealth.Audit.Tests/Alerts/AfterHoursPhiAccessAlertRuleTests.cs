namespace Telehealth.Audit.Tests.Alerts;

public sealed class AfterHoursPhiAccessAlertRuleTests
{
    // 2026-01-05 is a Monday, 2026-01-10 a Saturday, 2026-07-06 a Monday (US daylight saving time).
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Defaults()
    {
        Assert.Equal(7, AfterHoursPhiAccessAlertRule.DefaultStartHour);
        Assert.Equal(19, AfterHoursPhiAccessAlertRule.DefaultEndHour);
        Assert.Equal(
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
            AfterHoursPhiAccessAlertRule.DefaultBusinessDays);
    }

    [Theory]
    [InlineData("2026-01-05T06:59:59.999Z", true)]
    [InlineData("2026-01-05T07:00:00.000Z", false)]
    [InlineData("2026-01-05T12:00:00.000Z", false)]
    [InlineData("2026-01-05T18:59:59.999Z", false)]
    [InlineData("2026-01-05T19:00:00.000Z", true)]
    [InlineData("2026-01-05T23:30:00.000Z", true)]
    [InlineData("2026-01-09T18:59:59.999Z", false)]
    [InlineData("2026-01-10T12:00:00.000Z", true)]
    [InlineData("2026-01-11T12:00:00.000Z", true)]
    public void DefaultBusinessHoursAreSevenToNineteenMondayToFridayUtc(string at, bool alerts)
    {
        var rule = new AfterHoursPhiAccessAlertRule();
        var result = rule.Evaluate(AlertEntries.Entry("phi.read", DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(alerts ? 1 : 0, result.Count());
    }

    [Fact]
    public void TheAlertNamesActorActionAndLocalTime()
    {
        var entry = AlertEntries.Entry("phi.export", Monday.AddHours(21).AddMinutes(13), "u-night");
        var alert = Assert.Single(new AfterHoursPhiAccessAlertRule().Evaluate(entry));
        Assert.Equal("after-hours-phi-access", alert.RuleName);
        Assert.Equal(AuditAlertSeverity.Warning, alert.Severity);
        Assert.Equal(entry.Sequence, alert.TriggeringSequence);
        Assert.Equal(entry.Record.OccurredAt, alert.OccurredAt);
        Assert.Equal("PHI action 'phi.export' by actor id 'u-night' outside business hours at 2026-01-05T21:13:00+00:00 (Monday).", alert.Message);
    }

    [Theory]
    [InlineData("auth.login")]
    [InlineData("key.rotate")]
    [InlineData("phix.read")]
    [InlineData("access.break_glass")]
    public void OnlyPhiActionsAreWatched(string action)
    {
        Assert.Empty(new AfterHoursPhiAccessAlertRule().Evaluate(AlertEntries.Entry(action, Monday.AddHours(2))));
    }

    [Fact]
    public void DeniedAttemptsCountToo()
    {
        var entry = AlertEntries.Entry("phi.read", Monday.AddHours(2), outcome: AuditOutcome.Denied("policy.no_relationship"));
        Assert.Single(new AfterHoursPhiAccessAlertRule().Evaluate(entry));
    }

    [Theory]
    [InlineData("2026-01-05T13:59:59.999Z", true)]  // 08:59:59.999 EST
    [InlineData("2026-01-05T14:00:00.000Z", false)] // 09:00 EST
    [InlineData("2026-01-05T21:59:59.999Z", false)] // 16:59:59.999 EST
    [InlineData("2026-01-05T22:00:00.000Z", true)]  // 17:00 EST
    [InlineData("2026-07-06T12:59:59.999Z", true)]  // 08:59:59.999 EDT
    [InlineData("2026-07-06T13:00:00.000Z", false)] // 09:00 EDT
    [InlineData("2026-07-06T20:59:59.999Z", false)] // 16:59:59.999 EDT
    [InlineData("2026-07-06T21:00:00.000Z", true)]  // 17:00 EDT
    public void HoursAreLocalToTheTimeZoneIncludingDaylightSavingTime(string at, bool alerts)
    {
        var rule = new AfterHoursPhiAccessAlertRule(NewYork(), 9, 17, AfterHoursPhiAccessAlertRule.DefaultBusinessDays);
        var result = rule.Evaluate(AlertEntries.Entry("phi.read", DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(alerts ? 1 : 0, result.Count());
    }

    [Fact]
    public void TheDayOfWeekIsTheLocalDay()
    {
        var rule = new AfterHoursPhiAccessAlertRule(NewYork(), 0, 24, AfterHoursPhiAccessAlertRule.DefaultBusinessDays);

        // Saturday 03:00 UTC is Friday 22:00 in New York: a business day with these hours.
        Assert.Empty(rule.Evaluate(AlertEntries.Entry("phi.read", new DateTimeOffset(2026, 1, 10, 3, 0, 0, TimeSpan.Zero))));

        // Monday 04:59 UTC is Sunday 23:59 in New York.
        var alert = Assert.Single(rule.Evaluate(AlertEntries.Entry("phi.read", new DateTimeOffset(2026, 1, 5, 4, 59, 0, TimeSpan.Zero))));
        Assert.EndsWith("at 2026-01-04T23:59:00-05:00 (Sunday).", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFixedOffsetZoneShiftsTheBoundaries()
    {
        var india = TimeZoneInfo.CreateCustomTimeZone("Test/India", TimeSpan.FromHours(5.5), "India test", "IST");
        var rule = new AfterHoursPhiAccessAlertRule(india, 7, 19, AfterHoursPhiAccessAlertRule.DefaultBusinessDays);

        // 07:00 IST is 01:30 UTC.
        Assert.Single(rule.Evaluate(AlertEntries.Entry("phi.read", Monday.AddHours(1).AddMinutes(29))));
        Assert.Empty(rule.Evaluate(AlertEntries.Entry("phi.read", Monday.AddHours(1).AddMinutes(30))));
    }

    [Fact]
    public void CustomBusinessDays()
    {
        var rule = new AfterHoursPhiAccessAlertRule(TimeZoneInfo.Utc, 7, 19, [DayOfWeek.Saturday]);
        Assert.Single(rule.Evaluate(AlertEntries.Entry("phi.read", Monday.AddHours(12))));
        Assert.Empty(rule.Evaluate(AlertEntries.Entry("phi.read", Monday.AddDays(5).AddHours(12))));

        var never = new AfterHoursPhiAccessAlertRule(TimeZoneInfo.Utc, 0, 24, []);
        Assert.Single(never.Evaluate(AlertEntries.Entry("phi.read", Monday.AddHours(12))));
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        var days = AfterHoursPhiAccessAlertRule.DefaultBusinessDays;
        Assert.Throws<ArgumentNullException>("timeZone", () => new AfterHoursPhiAccessAlertRule(null!, 7, 19, days));
        Assert.Throws<ArgumentNullException>("businessDays", () => new AfterHoursPhiAccessAlertRule(TimeZoneInfo.Utc, 7, 19, null!));
        Assert.Throws<ArgumentOutOfRangeException>("startHour", () => new AfterHoursPhiAccessAlertRule(TimeZoneInfo.Utc, -1, 19, days));
        Assert.Throws<ArgumentOutOfRangeException>("startHour", () => new AfterHoursPhiAccessAlertRule(TimeZoneInfo.Utc, 24, 24, days));
        Assert.Throws<ArgumentOutOfRangeException>("endHour", () => new AfterHoursPhiAccessAlertRule(TimeZoneInfo.Utc, 7, 7, days));
        Assert.Throws<ArgumentOutOfRangeException>("endHour", () => new AfterHoursPhiAccessAlertRule(TimeZoneInfo.Utc, 19, 7, days));
        Assert.Throws<ArgumentOutOfRangeException>("endHour", () => new AfterHoursPhiAccessAlertRule(TimeZoneInfo.Utc, 7, 25, days));
        Assert.Throws<ArgumentException>("businessDays", () => new AfterHoursPhiAccessAlertRule(TimeZoneInfo.Utc, 7, 19, [(DayOfWeek)7]));
        Assert.Throws<ArgumentNullException>("entry", () => new AfterHoursPhiAccessAlertRule().Evaluate(null!));
    }

    private static TimeZoneInfo NewYork() => TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
}
