using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Breach;

public sealed class BreachAssessmentLogTests
{
    private static readonly DateOnly March1 = new(2026, 3, 1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero));
    private readonly BreachAssessmentLog _log;

    public BreachAssessmentLogTests()
    {
        _log = new BreachAssessmentLog(_time);
    }

    [Fact]
    public void Notices_not_given_by_their_deadline_are_overdue()
    {
        _log.Record(BreachDeadlineEngineTests.Breach(March1, ("TX", 501)));
        Assert.Empty(_log.Check());

        _time.Advance(TimeSpan.FromDays(56)); // 2026-04-30, the deadline
        Assert.Empty(_log.Check());

        _time.Advance(TimeSpan.FromDays(1));
        var findings = _log.Check();
        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingCodes.BreachNoticeOverdue, f.Code));
        Assert.Equal(["164.404(b)", "164.406(b)", "164.408(b)"], findings.Select(f => f.Citation));
        Assert.Equal("The notice to Media (TX) has not been given and its deadline has passed.", findings[1].Message);
        Assert.Equal(new DateOnly(2026, 4, 30), findings[1].DueOn);
    }

    [Fact]
    public void Notices_given_in_time_clear_the_findings_and_late_ones_are_reported()
    {
        _log.Record(BreachDeadlineEngineTests.Breach(March1, ("TX", 501)));
        _log.RecordNotice("incident-1", BreachNotificationRecipient.Individuals, new DateOnly(2026, 4, 1));
        _log.RecordNotice("incident-1", BreachNotificationRecipient.Media, new DateOnly(2026, 4, 2), "TX");
        _log.RecordNotice("incident-1", BreachNotificationRecipient.Secretary, new DateOnly(2026, 5, 2));
        _log.RecordNotice("incident-1", BreachNotificationRecipient.Individuals, new DateOnly(2026, 4, 20)); // the first date stands
        _time.Advance(TimeSpan.FromDays(90));

        var finding = Assert.Single(_log.Check());
        Assert.Equal(FindingCodes.BreachNoticeLate, finding.Code);
        Assert.Equal("The notice to Secretary was given after its deadline.", finding.Message);
        Assert.Equal(new DateOnly(2026, 4, 1), _log.GetNoticeDate("incident-1", BreachNotificationRecipient.Individuals));
        Assert.Equal(new DateOnly(2026, 4, 2), _log.GetNoticeDate("incident-1", BreachNotificationRecipient.Media, "TX"));
        Assert.Null(_log.GetNoticeDate("incident-1", BreachNotificationRecipient.Media));
    }

    [Fact]
    public void A_notice_given_during_a_law_enforcement_delay_is_reported()
    {
        var delay = new LawEnforcementDelay { WrittenStatementOn = new DateOnly(2026, 3, 3), WrittenDelayDays = 20 };
        _log.Record(BreachDeadlineEngineTests.Breach(March1, ("TX", 10)) with { LawEnforcementDelay = delay });

        _log.RecordNotice("incident-1", BreachNotificationRecipient.Individuals, new DateOnly(2026, 3, 10));

        var finding = Assert.Single(_log.Check());
        Assert.Equal(FindingCodes.BreachNoticeDuringDelay, finding.Code);
        Assert.Equal("164.412", finding.Citation);
    }

    [Fact]
    public void Notices_are_part_of_the_assessment_history()
    {
        _log.Record(BreachDeadlineEngineTests.Breach(March1, ("TX", 10)));
        _log.RecordNotice("incident-1", BreachNotificationRecipient.Individuals, new DateOnly(2026, 3, 20));

        Assert.True(_log.TryGetHistory("incident-1", out var history));
        Assert.Equal(2, history.Revisions.Count);
        Assert.EndsWith("Individuals notified 2026-03-20", history.Revisions[1].Summary, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2027, 3, 1), history.LastEffectiveOn);
    }

    [Fact]
    public void A_notice_the_schedule_does_not_require_is_rejected()
    {
        _log.Record(BreachDeadlineEngineTests.Breach(March1, ("TX", 10)));

        Assert.Equal(
            "TH5045: The schedule of breach assessment 'incident-1' requires no notice to Media in TX.",
            Assert.Throws<ComplianceException>(() => _log.RecordNotice("incident-1", BreachNotificationRecipient.Media, March1, "TX")).Message);
        Assert.Equal("TH5045", Assert.Throws<ComplianceException>(() => _log.RecordNotice("incident-1", BreachNotificationRecipient.Secretary, March1)).Code);
        Assert.Equal("TH5025", Assert.Throws<ComplianceException>(() => _log.RecordNotice("incident-2", BreachNotificationRecipient.Individuals, March1)).Code);
        Assert.Throws<ArgumentNullException>("assessmentId", () => _log.RecordNotice(null!, BreachNotificationRecipient.Individuals, March1));
    }

    [Fact]
    public void The_assessment_report_includes_breach_notice_findings()
    {
        _log.Record(BreachDeadlineEngineTests.Breach(March1, ("TX", 10)));
        _time.Advance(TimeSpan.FromDays(60));

        var assessment = ComplianceAssessment.Create("With breaches", SecurityRuleCatalog.Latest, _time, breaches: _log);

        Assert.Equal(FindingCodes.BreachNoticeOverdue, Assert.Single(assessment.Findings).Code);
    }
}
