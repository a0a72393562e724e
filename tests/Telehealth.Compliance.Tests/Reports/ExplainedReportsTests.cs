using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Reports;

/// <summary>Reports explain themselves: why a standard is not satisfied, and who is to fix each finding by when.</summary>
public sealed class ExplainedReportsTests
{
    private readonly SampleProgram _program = new();

    [Fact]
    public void A_standard_that_is_not_satisfied_names_the_failing_specification_in_every_report()
    {
        var assessment = _program.Assess();
        var access = assessment.Requirements.Single(r => r.Entry.Citation == "164.312(a)(1)");

        Assert.Equal(["164.312(a)(2)(iv)"], access.FailingSpecifications);
        const string why = "Not satisfied: specification 164.312(a)(2)(iv) Encryption and decryption is not satisfied.";
        Assert.Contains($"| 164.312(a)(1) | Access control | Standard | Not satisfied | {why} |", new MarkdownReportRenderer().Render(assessment), StringComparison.Ordinal);
        Assert.Contains($"<td>{why}</td>", new HtmlReportRenderer().Render(assessment), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(new JsonReportRenderer().Render(assessment));
        var requirement = json.RootElement.GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("entry").GetProperty("citation").GetString() == "164.312(a)(1)");
        Assert.Equal("164.312(a)(2)(iv)", requirement.GetProperty("failingSpecifications")[0].GetString());
    }

    [Fact]
    public void Satisfied_and_not_assessed_requirements_say_why()
    {
        var md = new MarkdownReportRenderer().Render(_program.Assess());

        Assert.Contains("| 164.312(d) | Person or entity authentication | Standard | Satisfied | Satisfied by current evidence identity.mfa-enrollment. |", md, StringComparison.Ordinal);
        Assert.Contains("| 164.308(a)(1)(ii)(A) | Risk analysis | Required | Satisfied | Satisfied by the risk analysis completed 2026-02-15. |", md, StringComparison.Ordinal);
        Assert.Contains("| 164.310(b) | Workstation use | Standard | Not assessed | Not assessed: no current evidence and no finding. |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_finding_has_an_owner_and_a_due_date()
    {
        var assessment = _program.Assess();

        Assert.NotEmpty(assessment.Findings);
        Assert.All(assessment.Findings, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Owner));
            Assert.NotNull(f.DueOn);
        });
    }

    [Fact]
    public void Owners_come_from_the_records_and_the_security_official_owns_the_rest()
    {
        var findings = _program.Assess().Findings;

        // The vendor's executive owner owns its findings; the risk owner the risk's.
        Assert.Equal("Chief operating officer", findings.First(f => f.Code == FindingCodes.PhiFlowWithoutActiveBaa).Owner);
        Assert.Equal("Security official", findings.First(f => f.Code == FindingCodes.HighestRiskOpen).Owner);
        Assert.Equal(ComplianceAssessmentOptions.DefaultOwnerName, findings.First(f => f.Code == FindingCodes.EvidenceStale).Owner);
        Assert.Equal(ComplianceAssessmentOptions.DefaultOwnerName, findings.First(f => f.Code == FindingCodes.AddressableDecisionMissing).Owner);
    }

    [Fact]
    public void A_finding_without_a_deadline_of_its_own_is_due_after_the_remediation_period()
    {
        var findings = _program.Assess().Findings;

        Assert.Equal(new DateOnly(2026, 3, 31), findings.First(f => f.Code == FindingCodes.PhiFlowWithoutActiveBaa).DueOn); // 30 days after March 1
        Assert.Equal(new DateOnly(2026, 3, 1), findings.First(f => f.Code == FindingCodes.EvidenceStale).DueOn); // its own: when it expired
    }

    [Fact]
    public void The_owner_and_remediation_period_are_options()
    {
        var assessment = ComplianceAssessment.Create(
            "t", _program.Catalog, _program.Time, vendors: _program.Vendors,
            options: new ComplianceAssessmentOptions { DefaultOwner = "Privacy officer", RemediationDays = 10 });

        var flow = assessment.Findings.First(f => f.Code == FindingCodes.PhiFlowWithoutActiveBaa);
        Assert.Equal(new DateOnly(2026, 3, 11), flow.DueOn);
        Assert.Equal("Chief operating officer", flow.Owner);
    }

    [Theory]
    [InlineData(" ", 30, "TH5026")]
    [InlineData("Security official", 0, "TH5029")]
    public void Invalid_options_are_rejected(string owner, int days, string code) =>
        Assert.Equal(code, Assert.Throws<ComplianceException>(() => ComplianceAssessment.Create(
            "t", _program.Catalog, _program.Time, options: new ComplianceAssessmentOptions { DefaultOwner = owner, RemediationDays = days })).Code);

    [Fact]
    public void Findings_tables_show_owner_and_due_date()
    {
        var md = new MarkdownReportRenderer().Render(_program.Assess());

        Assert.Contains("| Code | Subject | Citation | Owner | Due | Finding |", md, StringComparison.Ordinal);
        Assert.Contains("| TH5201 | sms-gateway | 164.308(b)(1) | Chief operating officer | 2026-03-31 |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_of_the_registers_carry_their_owners()
    {
        var time = new FakeTimeProvider(SampleProgram.Now);
        var log = new BreachAssessmentLog(time);
        log.Record(Breach.BreachDeadlineEngineTests.Breach(new DateOnly(2025, 12, 1), ("TX", 10)));

        Assert.All(log.Check(), f => Assert.Equal("Privacy official", f.Owner));
        Assert.All(_program.Vendors.Check(), f => Assert.Equal("Chief operating officer", f.Owner));
        Assert.All(_program.Risks.Check(), f => Assert.Equal("Security official", f.Owner));
    }
}
