using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Telehealth.Compliance.Tests.Breach;

namespace Telehealth.Compliance.Tests.Reports;

/// <summary>
/// Breach notification (Subpart D) has its place in the assessment and in every output format: findings about overdue
/// notices reach the OSCAL assessment results, and every breach assessment appears with where its notices stand.
/// </summary>
public sealed class BreachReportingTests
{
    private static readonly DateOnly March1 = new(2026, 3, 1);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 15, 12, 0, 0, TimeSpan.Zero));
    private readonly BreachAssessmentLog _log;

    public BreachReportingTests()
    {
        _log = new BreachAssessmentLog(_time);

        // Overdue: 600 in Texas, nobody notified by April 30.
        _log.Record(BreachDeadlineEngineTests.Breach(March1, ("TX", 600)) with { Id = "incident-overdue" });

        // Pending the annual log: 12 affected, individuals notified in time; the log is due March 1, 2027.
        _log.Record(BreachDeadlineEngineTests.Breach(March1, ("CA", 12)) with { Id = "incident-small" });
        _log.RecordNotice("incident-small", BreachNotificationRecipient.Individuals, new DateOnly(2026, 3, 20));

        // Notified: every notice given in time.
        _log.Record(BreachDeadlineEngineTests.Breach(March1, ("NY", 520)) with { Id = "incident-notified" });
        _log.RecordNotice("incident-notified", BreachNotificationRecipient.Individuals, new DateOnly(2026, 4, 10));
        _log.RecordNotice("incident-notified", BreachNotificationRecipient.Media, new DateOnly(2026, 4, 10), "NY");
        _log.RecordNotice("incident-notified", BreachNotificationRecipient.Secretary, new DateOnly(2026, 4, 10));

        // Not a breach: a low probability of compromise, documented.
        _log.Record(BreachDeadlineEngineTests.Breach(March1, ("TX", 3)) with
        {
            Id = "incident-low",
            Conclusion = BreachConclusion.LowProbabilityOfCompromise,
            AcquiredOrViewed = PhiAcquisition.NotAcquiredOrViewed,
        });
    }

    private ComplianceAssessment Assess() => ComplianceAssessment.Create("Breaches", SecurityRuleCatalog.Latest, _time, breaches: _log);

    [Fact]
    public void Breach_findings_reach_the_oscal_assessment_results()
    {
        var result = JsonNode.Parse(new OscalAssessmentResultsRenderer().Render(Assess()))!["assessment-results"]!["results"]![0]!;

        var individuals = result["findings"]!.AsArray().Where(f => (string?)f!["target"]!["target-id"] == "hipaa-164.404_smt").ToArray();
        var overdue = Assert.Single(individuals)!;
        Assert.Equal("not-satisfied", (string?)overdue["target"]!["status"]!["state"]);
        Assert.Equal("164.404: TH5250 incident-overdue", (string?)overdue["title"]);
        Assert.Equal("The notice to Individuals has not been given and its deadline has passed. Due 2026-04-30.", (string?)overdue["description"]);
    }

    [Fact]
    public async Task Assessment_results_with_breaches_are_valid_oscal() =>
        Assert.Empty(await OscalSchemas.Validate(OscalSchemas.AssessmentResults, new OscalAssessmentResultsRenderer().Render(Assess())));

    [Fact]
    public void Every_breach_assessment_is_an_observation_of_the_assessment_results()
    {
        var result = JsonNode.Parse(new OscalAssessmentResultsRenderer().Render(Assess()))!["assessment-results"]!["results"]![0]!;

        var observations = result["observations"]!.AsArray().ToDictionary(o => (string)o!["title"]!, o => o!);
        Assert.Equal(["incident-low", "incident-notified", "incident-overdue", "incident-small"], observations.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Notices: Pending annual log; Individuals by 2026-04-30: given 2026-03-20; SecretaryAnnualLog by 2027-03-01: not yet given.", (string?)observations["incident-small"]["description"], StringComparison.Ordinal);
        var individuals = result["findings"]!.AsArray().Single(f => (string?)f!["target"]!["target-id"] == "hipaa-164.404_smt")!;
        Assert.Equal((string?)observations["incident-overdue"]["uuid"], (string?)Assert.Single(individuals["related-observations"]!.AsArray())!["observation-uuid"]);
    }

    [Fact]
    public void The_oscal_catalog_holds_the_breach_notification_requirements()
    {
        var catalog = JsonNode.Parse(OscalCatalogExporter.Export(SecurityRuleCatalog.Latest, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)))!["catalog"]!;

        var ids = catalog["groups"]!.AsArray().SelectMany(g => g!["controls"]!.AsArray()).Select(c => (string?)c!["id"]).ToArray();
        Assert.Equal(["hipaa-164.404", "hipaa-164.406", "hipaa-164.408", "hipaa-164.410", "hipaa-164.412"], ids.Where(i => i!.StartsWith("hipaa-164.4", StringComparison.Ordinal)));
    }

    [Fact]
    public void Markdown_has_breach_notification_and_every_breach_assessment()
    {
        var md = new MarkdownReportRenderer().Render(Assess());

        Assert.Contains("\n## Breach notification (Subpart D)\n", md, StringComparison.Ordinal);
        Assert.Contains("| 164.404 | Notification to individuals | Not satisfied |", md, StringComparison.Ordinal);
        Assert.Contains("\n## Breach assessments\n", md, StringComparison.Ordinal);
        Assert.Contains("| incident-overdue | 2026-03-01 | Breach | 600 | Open, overdue |", md, StringComparison.Ordinal);
        Assert.Contains("| incident-small | 2026-03-01 | Breach | 12 | Pending annual log |", md, StringComparison.Ordinal);
        Assert.Contains("| incident-notified | 2026-03-01 | Breach | 520 | Notified |", md, StringComparison.Ordinal);
        Assert.Contains("| incident-low | 2026-03-01 | LowProbabilityOfCompromise | 3 | No notice required |", md, StringComparison.Ordinal);
        Assert.Contains("Individuals by 2026-04-30: given 2026-03-20", md, StringComparison.Ordinal);
        Assert.Contains("SecretaryAnnualLog by 2027-03-01: not yet given", md, StringComparison.Ordinal);
        Assert.Contains("Media NY by 2026-04-30: given 2026-04-10", md, StringComparison.Ordinal);
        Assert.Contains("Individuals by 2026-04-30: not given, overdue", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_has_breach_notification_and_every_breach_assessment()
    {
        var html = new HtmlReportRenderer().Render(Assess());

        Assert.Contains("<section id=\"breach-notification\">", html, StringComparison.Ordinal);
        Assert.Contains("<section id=\"breaches\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"not-satisfied\"><td>incident-overdue</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Pending annual log</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_assessment_holds_the_state_of_every_breach_assessment()
    {
        var breaches = Assess().Breaches.ToDictionary(b => b.Assessment.Id);

        Assert.Equal(BreachNotificationState.Open, breaches["incident-overdue"].State);
        Assert.True(breaches["incident-overdue"].IsOverdue);
        Assert.Equal(BreachNotificationState.PendingAnnualLog, breaches["incident-small"].State);
        Assert.False(breaches["incident-small"].IsOverdue);
        Assert.Equal(BreachNotificationState.Notified, breaches["incident-notified"].State);
        Assert.Equal(BreachNotificationState.NoNoticeRequired, breaches["incident-low"].State);
        Assert.Equal(new DateOnly(2026, 3, 20), breaches["incident-small"].Notices[0].GivenOn);
        Assert.Null(breaches["incident-small"].Notices[1].GivenOn);
    }

    [Fact]
    public void The_assessment_rates_each_notification_requirement()
    {
        var coverage = Assess().BreachNotification.ToDictionary(c => c.Requirement.Citation);

        Assert.Equal(["164.404", "164.406", "164.408", "164.410", "164.412"], coverage.Keys);
        Assert.Equal(CoverageStatus.NotSatisfied, coverage["164.404"].Status);
        Assert.Equal(["incident-notified", "incident-overdue", "incident-small"], coverage["164.404"].AssessmentIds);
        Assert.All(coverage["164.404"].Findings, f => Assert.Equal("incident-overdue", f.Subject));
        Assert.Equal(CoverageStatus.NotSatisfied, coverage["164.406"].Status);
        Assert.Equal(CoverageStatus.NotSatisfied, coverage["164.408"].Status);
        Assert.Equal(CoverageStatus.NotAssessed, coverage["164.410"].Status); // no business associate breach
        Assert.Equal(CoverageStatus.NotAssessed, coverage["164.412"].Status); // no law enforcement delay
    }

    [Fact]
    public void Notices_given_in_time_satisfy_their_requirement()
    {
        var log = new BreachAssessmentLog(_time);
        log.Record(BreachDeadlineEngineTests.Breach(March1, ("NY", 20)));
        log.RecordNotice("incident-1", BreachNotificationRecipient.Individuals, new DateOnly(2026, 4, 1));

        var coverage = ComplianceAssessment.Create("t", SecurityRuleCatalog.Latest, _time, breaches: log).BreachNotification;

        Assert.Equal(CoverageStatus.Satisfied, coverage.Single(c => c.Requirement.Citation == "164.404").Status);
        Assert.Equal(CoverageStatus.NotAssessed, coverage.Single(c => c.Requirement.Citation == "164.408").Status); // the log is not due yet
    }

    [Fact]
    public void Json_has_breach_notification_and_breaches()
    {
        using var json = JsonDocument.Parse(new JsonReportRenderer().Render(Assess()));

        Assert.Equal(5, json.RootElement.GetProperty("breachNotification").GetArrayLength());
        var states = json.RootElement.GetProperty("breaches").EnumerateArray().Select(b => b.GetProperty("state").GetString()!).ToArray();
        Assert.Equal(["NoNoticeRequired", "Notified", "Open", "PendingAnnualLog"], states);
    }
}
