using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Risk;

/// <summary>
/// Inherent and residual risk, the controls in place, and risk acceptance with approver, rationale and review date; and
/// what the register's state means for 164.308(a)(1)(ii)(A) and (B) in an assessment.
/// </summary>
public sealed class RiskTreatmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly RiskRegister _register;

    public RiskTreatmentTests()
    {
        _register = new RiskRegister(SecurityRuleCatalog.Latest, _time);
        _register.RecordAssessment(new DateOnly(2026, 2, 15));
    }

    internal static RiskAcceptance Acceptance(DateOnly? reviewOn = null) => new()
    {
        Approver = "Chief executive officer",
        Rationale = "One disk; the audit log is replicated off site nightly, so loss costs one day of records at most.",
        AcceptedOn = new DateOnly(2026, 2, 20),
        ReviewOn = reviewOn ?? new DateOnly(2026, 8, 20),
    };

    private static RiskEntry Moderate(string id = "risk-disk") => RiskRegisterTests.Risk(id) with
    {
        Likelihood = RiskLevel.Low,
        Impact = RiskLevel.Moderate,
        DueOn = new DateOnly(2026, 2, 1), // past: an open risk would be overdue
        Citations = ["164.312(b)"],
    };

    [Fact]
    public void A_risk_carries_inherent_and_residual_levels_and_its_existing_controls()
    {
        _register.Add(RiskRegisterTests.Risk() with
        {
            ExistingControls = "Passwords with lockout; clinician sign-in with TOTP.",
            ResidualLikelihood = RiskLevel.Low,
            ResidualImpact = RiskLevel.VeryHigh,
        });

        var risk = _register.Risks[0];
        Assert.Equal(RiskLevel.VeryHigh, _register.GetLevel(risk));
        Assert.Equal(RiskLevel.Moderate, _register.GetResidualLevel(risk)); // Table I-2: likelihood Low, impact Very High
        Assert.Equal("Passwords with lockout; clinician sign-in with TOTP.", risk.ExistingControls);
    }

    [Fact]
    public void Without_a_residual_rating_the_residual_level_is_the_inherent_one() =>
        Assert.Equal(RiskLevel.VeryHigh, _register.GetResidualLevel(RiskRegisterTests.Risk()));

    [Fact]
    public void A_residual_rating_needs_both_likelihood_and_impact_on_the_scale()
    {
        Assert.Equal("TH5026", Assert.Throws<ComplianceException>(() => _register.Add(RiskRegisterTests.Risk() with { ResidualLikelihood = RiskLevel.Low })).Code);
        Assert.Equal("TH5030", Assert.Throws<ComplianceException>(() => _register.Add(RiskRegisterTests.Risk() with { ResidualLikelihood = (RiskLevel)9, ResidualImpact = RiskLevel.Low })).Code);
    }

    [Fact]
    public void An_accepted_risk_is_neither_overdue_nor_closed()
    {
        _register.Add(Moderate());
        Assert.Contains(_register.Check(), f => f.Code == FindingCodes.RiskTreatmentOverdue);

        var accepted = _register.Accept("risk-disk", Acceptance());

        Assert.Equal(RiskStatus.Accepted, accepted.Status);
        Assert.Equal(RiskTreatment.Accept, accepted.Treatment);
        Assert.Null(accepted.ClosedOn);
        Assert.Empty(accepted.EvidenceIds);
        Assert.Empty(_register.Check());
        Assert.True(_register.TryGetHistory("risk-disk", out var history));
        Assert.Null(history.LastEffectiveOn); // an accepted risk is still carried, so its documentation is in effect
    }

    [Fact]
    public void An_accepted_risk_whose_review_date_has_passed_is_reported()
    {
        _register.Add(Moderate());
        _register.Accept("risk-disk", Acceptance(new DateOnly(2026, 2, 28)));

        var finding = Assert.Single(_register.Check());

        Assert.Equal(FindingCodes.RiskAcceptanceReviewOverdue, finding.Code);
        Assert.Equal(new DateOnly(2026, 2, 28), finding.DueOn);
        Assert.Equal("164.308(a)(1)(ii)(B)", finding.Citation);
        Assert.Equal("The acceptance of a Low risk by Chief executive officer was due for review; review it or treat the risk.", finding.Message);
    }

    [Fact]
    public void Acceptance_is_documented_completely()
    {
        _register.Add(Moderate());

        Assert.Equal("TH5026", Assert.Throws<ComplianceException>(() => _register.Accept("risk-disk", Acceptance() with { Approver = " " })).Code);
        Assert.Equal("TH5026", Assert.Throws<ComplianceException>(() => _register.Accept("risk-disk", Acceptance() with { Rationale = "" })).Code);
        Assert.Equal(
            "TH5034: The review date of the acceptance of risk 'risk-disk' (2026-02-20) must be after the date it was accepted (2026-02-20).",
            Assert.Throws<ComplianceException>(() => _register.Accept("risk-disk", Acceptance(new DateOnly(2026, 2, 20)))).Message);
        Assert.Equal("TH5026", Assert.Throws<ComplianceException>(() => _register.Update(Moderate() with { Status = RiskStatus.Accepted, Treatment = RiskTreatment.Accept })).Code);
        Assert.Equal("TH5035", Assert.Throws<ComplianceException>(() => _register.Update(Moderate() with { Status = RiskStatus.Accepted, Acceptance = Acceptance() })).Code);
        Assert.Equal("TH5035", Assert.Throws<ComplianceException>(() => _register.Update(Moderate() with { Acceptance = Acceptance() })).Code);
        Assert.Equal("TH5025", Assert.Throws<ComplianceException>(() => _register.Accept("risk-none", Acceptance())).Code);
        Assert.Throws<ArgumentNullException>("acceptance", () => _register.Accept("risk-disk", null!));
        Assert.Equal(RiskStatus.Open, _register.Risks[0].Status);
    }

    [Fact]
    public void A_very_high_risk_that_is_open_is_reported_against_risk_management()
    {
        _register.Add(RiskRegisterTests.Risk() with { DueOn = new DateOnly(2026, 6, 1) });

        var finding = Assert.Single(_register.Check());

        Assert.Equal(FindingCodes.HighestRiskOpen, finding.Code);
        Assert.Equal("164.308(a)(1)(ii)(B)", finding.Citation);
        Assert.Equal(new DateOnly(2026, 6, 1), finding.DueOn);
        Assert.Equal("A Very High risk is open: risk management is not met until it is reduced to a reasonable and appropriate level or accepted.", finding.Message);

        _register.Update(_register.Risks[0] with { Status = RiskStatus.InTreatment });
        Assert.Single(_register.Check());
        _register.Close("risk-1", ["identity.mfa-enrollment"]);
        Assert.Empty(_register.Check());
    }

    [Fact]
    public void Risk_management_is_not_satisfied_by_a_key_age_metric_while_a_very_high_risk_is_open()
    {
        _register.Add(RiskRegisterTests.Risk() with { DueOn = new DateOnly(2026, 6, 1) });
        var evidence = new EvidenceRegister(SecurityRuleCatalog.Latest, _time);
        evidence.Add(new EvidenceItem
        {
            Id = "crypto.kek.primary-age",
            Observation = new EvidenceObservation { Description = "Age of the primary key", Metric = "crypto.kek.primary-age", Value = 12, Unit = "days" },
            Source = "telehealth.crypto.key-age",
            CollectedAt = Now.AddHours(-1),
            ExpiresAt = Now.AddDays(1),
            Kind = EvidenceKind.RuntimeMeasurement,
            Citations = ["164.312(a)(2)(iv)", "164.308(a)(1)(ii)(B)"],
            Outcome = EvidenceOutcome.Satisfied,
        });

        var assessment = ComplianceAssessment.Create("t", SecurityRuleCatalog.Latest, _time, risks: _register, evidence: evidence);

        var management = assessment.Requirements.Single(r => r.Entry.Citation == "164.308(a)(1)(ii)(B)");
        Assert.Equal(CoverageStatus.NotSatisfied, management.Status);
        Assert.Contains(management.Findings, f => f.Code == FindingCodes.HighestRiskOpen);
    }

    [Fact]
    public void A_completed_risk_analysis_satisfies_risk_analysis_in_the_assessment()
    {
        var assessment = ComplianceAssessment.Create("t", SecurityRuleCatalog.Latest, _time, risks: _register);

        var analysis = assessment.Requirements.Single(r => r.Entry.Citation == "164.308(a)(1)(ii)(A)");
        Assert.Equal(CoverageStatus.Satisfied, analysis.Status);
        Assert.Equal(new DateOnly(2026, 2, 15), analysis.RiskAnalysisCompletedOn);
        Assert.Empty(analysis.Findings);
    }

    [Fact]
    public void An_overdue_or_missing_risk_analysis_does_not_satisfy_it()
    {
        _time.Advance(TimeSpan.FromDays(400));
        var overdue = ComplianceAssessment.Create("t", SecurityRuleCatalog.Latest, _time, risks: _register);
        var none = ComplianceAssessment.Create("t", SecurityRuleCatalog.Latest, _time, risks: new RiskRegister(SecurityRuleCatalog.Latest, _time));

        Assert.Equal(CoverageStatus.NotSatisfied, overdue.Requirements.Single(r => r.Entry.Citation == "164.308(a)(1)(ii)(A)").Status);
        Assert.Equal(CoverageStatus.NotSatisfied, none.Requirements.Single(r => r.Entry.Citation == "164.308(a)(1)(ii)(A)").Status);
        Assert.Null(none.Requirements.Single(r => r.Entry.Citation == "164.308(a)(1)(ii)(A)").RiskAnalysisCompletedOn);
    }

    [Fact]
    public async Task Residual_ratings_controls_and_acceptances_are_stored()
    {
        using var directory = new TempDirectory();
        var records = new ComplianceRecords(SecurityRuleCatalog.Latest, _time);
        records.Risks.Add(RiskRegisterTests.Risk() with { ExistingControls = "TOTP", ResidualLikelihood = RiskLevel.Low, ResidualImpact = RiskLevel.High });
        records.Risks.Add(Moderate());
        records.Risks.Accept("risk-disk", Acceptance());
        var store = new FileComplianceRecordStore(directory.Combine("compliance"));
        await store.SaveAsync(records);

        var loaded = new ComplianceRecords(SecurityRuleCatalog.Latest, _time);
        await store.LoadAsync(loaded);

        Assert.Equivalent(records.Risks.Risks, loaded.Risks.Risks, strict: true);
        Assert.Equal(Acceptance(), loaded.Risks.Risks.Single(r => r.Id == "risk-disk").Acceptance);
    }
}
