using Microsoft.Extensions.Time.Testing;
using Telehealth.Compliance.Tests.Reports;

namespace Telehealth.Compliance.Tests.Assessment;

public sealed class ComplianceAssessmentTests
{
    private readonly ComplianceAssessment _assessment = new SampleProgram().Assess();

    private RequirementCoverage Coverage(string citation) => _assessment.Requirements.Single(r => r.Entry.Citation == citation);

    [Fact]
    public void Covers_every_catalog_entry_in_regulation_order()
    {
        Assert.Equal(SecurityRuleCatalog.Latest.Entries.Select(e => e.Citation), _assessment.Requirements.Select(r => r.Entry.Citation));
        Assert.Equal("2013-omnibus", _assessment.CatalogVersion);
        Assert.Equal(SampleProgram.Now, _assessment.GeneratedAt);
    }

    [Fact]
    public void Current_satisfied_evidence_satisfies_and_a_gap_does_not()
    {
        Assert.Equal(CoverageStatus.Satisfied, Coverage("164.312(d)").Status);
        Assert.Equal(["identity.mfa-enrollment"], Coverage("164.312(d)").CurrentEvidenceIds);
        Assert.Equal(CoverageStatus.NotSatisfied, Coverage("164.312(a)(2)(iv)").Status);
    }

    [Fact]
    public void Stale_evidence_does_not_count_and_its_finding_is_a_gap()
    {
        var audit = Coverage("164.312(b)");

        Assert.Equal(CoverageStatus.NotSatisfied, audit.Status);
        Assert.Equal(FindingCodes.EvidenceStale, Assert.Single(audit.Findings).Code);
        Assert.Empty(audit.CurrentEvidenceIds);
        Assert.Equal(["audit.log-verification"], audit.StaleEvidenceIds);
        Assert.Equal(["risk-2"], audit.RiskIds);
    }

    [Fact]
    public void A_standard_is_not_satisfied_when_a_specification_is_not()
    {
        Assert.Equal(CoverageStatus.NotSatisfied, Coverage("164.312(a)(1)").Status);
        Assert.Empty(Coverage("164.312(a)(1)").Findings);
    }

    [Fact]
    public void Findings_point_at_their_catalog_entry()
    {
        var contracts = Coverage("164.308(b)(1)");

        Assert.Equal(CoverageStatus.NotSatisfied, contracts.Status);
        Assert.Contains(contracts.Findings, f => f.Code == FindingCodes.PhiFlowWithoutActiveBaa);
        Assert.Contains(Coverage("164.312(e)(2)(ii)").Findings, f => f.Code == FindingCodes.AddressableDecisionMissing);
        Assert.Empty(Coverage("164.312(a)(2)(iii)").Findings);
        Assert.Equal(CoverageStatus.NotAssessed, Coverage("164.312(a)(2)(iii)").Status);
        Assert.Equal(AddressableDecisionOutcome.Implemented, Coverage("164.312(a)(2)(iii)").Decision?.Outcome);
    }

    [Theory]
    [InlineData("TH5210", "164.314(a)(2)(i)(B)", "164.314(a)(2)")]
    [InlineData("TH5202", "164.502(b)", "164.308(b)(1)")]
    [InlineData("TH5202", "164.504(e)(2)(ii)(J)", "164.308(b)(1)")]
    [InlineData("TH5220", "164.308(a)(1)(ii)(B)", "164.308(a)(1)(ii)(B)")]
    [InlineData("TH5240", "164.999(a)", null)]
    [InlineData("TH5250", "164.404(b)", "164.404")]
    [InlineData("TH5250", "164.408(c)", "164.408")]
    [InlineData("TH5252", "164.412", "164.412")]
    [InlineData("TH5202", "164.524", "164.308(b)(1)")]
    [InlineData("TH5220", "164.5", null)]
    [InlineData("TH5999", "164.504(e)(2)(iii)", "164.308(b)(1)")] // by citation, whatever the code
    public void Finding_target_is_the_citation_or_its_nearest_catalog_parent(string code, string citation, string? target)
    {
        var finding = new ComplianceFinding { Code = code, Subject = "x", Message = "m", Citation = citation };

        Assert.Equal(target, ComplianceAssessment.TargetOf(SecurityRuleCatalog.Latest, finding));
    }

    [Fact]
    public void Every_register_contributes_its_findings_and_pending_decisions_become_findings()
    {
        var codes = _assessment.Findings.Select(f => f.Code).ToArray();

        Assert.Contains(FindingCodes.PhiFlowWithoutActiveBaa, codes);
        Assert.Contains(FindingCodes.EvidenceStale, codes);
        Assert.Contains(FindingCodes.EvidenceNotSatisfied, codes);
        Assert.Equal(21, codes.Count(c => c == FindingCodes.AddressableDecisionMissing));
        var pending = _assessment.Findings.First(f => f.Code == FindingCodes.AddressableDecisionMissing);
        Assert.Equal("164.308(a)(3)(ii)(A)", pending.Subject);
        Assert.Equal("The addressable specification 'Authorization and/or supervision' has no documented decision (164.306(d)(3)).", pending.Message);
        Assert.Single(_assessment.Decisions);
        Assert.Equal(21, _assessment.PendingDecisions.Count);
    }

    [Fact]
    public void Safeguard_coverage_adds_up()
    {
        Assert.Equal(5, _assessment.Safeguards.Count);
        Assert.Equal(63, _assessment.Safeguards.Sum(s => s.Total));
        var technical = _assessment.Safeguards.Single(s => s.Safeguard == SafeguardCategory.Technical);
        Assert.Equal("164.312 Technical safeguards", technical.Title);
        Assert.Equal(1, technical.Satisfied); // 164.312(d)
        Assert.Equal(technical.Total, technical.Satisfied + technical.NotSatisfied + technical.NotAssessed);
    }

    [Fact]
    public void Risks_are_ordered_by_level_and_the_heat_map_counts_open_risks()
    {
        Assert.Equal(["risk-1", "risk-3", "risk-2"], _assessment.Risks.Select(r => r.Risk.Id));
        Assert.Equal(RiskLevel.VeryHigh, _assessment.Risks[0].Level);
        Assert.Equal(1, _assessment.GetOpenRiskCount(RiskLevel.High, RiskLevel.VeryHigh)); // risk-3 is closed
        Assert.Equal(1, _assessment.GetOpenRiskCount(RiskLevel.Low, RiskLevel.Moderate));
        Assert.Equal(0, _assessment.GetOpenRiskCount(RiskLevel.VeryLow, RiskLevel.VeryLow));
    }

    [Fact]
    public void Vendors_carry_agreement_state_and_due_dates()
    {
        var relay = _assessment.Vendors.Single(v => v.Vendor.Id == "video-relay");
        Assert.True(relay.HasActiveAgreement);
        Assert.Equal(new DateOnly(2028, 1, 9), relay.RenewalDueOn);
        Assert.Equal(new DateOnly(2027, 2, 1), relay.NextReviewDueOn);
        Assert.False(_assessment.Vendors.Single(v => v.Vendor.Id == "sms-gateway").HasActiveAgreement);
    }

    [Fact]
    public void Evidence_freshness_is_as_of_the_assessment()
    {
        Assert.Equal(["audit.log-verification"], _assessment.Evidence.Where(e => e.IsStale).Select(e => e.Item.Id));
        Assert.Equal(3, _assessment.Evidence.Count);
    }

    [Fact]
    public void Registers_are_optional()
    {
        var assessment = ComplianceAssessment.Create("Catalog only", SecurityRuleCatalog.Latest, new FakeTimeProvider(SampleProgram.Now));

        Assert.All(assessment.Requirements, r => Assert.Equal(CoverageStatus.NotAssessed, r.Status));
        Assert.Empty(assessment.Findings);
        Assert.Same(Nist80030RiskScale.Instance, assessment.RiskScale);
        Assert.Equal("Catalog only (0/63 satisfied, 0 findings)", assessment.ToString());
    }

    [Fact]
    public void Invalid_input_is_rejected()
    {
        var time = new FakeTimeProvider(SampleProgram.Now);

        Assert.Equal("TH5026", Assert.Throws<ComplianceException>(() => ComplianceAssessment.Create(" ", SecurityRuleCatalog.Latest, time)).Code);
        Assert.Throws<ArgumentNullException>("catalog", () => ComplianceAssessment.Create("t", null!, time));
        Assert.Throws<ArgumentNullException>("timeProvider", () => ComplianceAssessment.Create("t", SecurityRuleCatalog.Latest, null!));
    }
}
