using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Risk;

public sealed class RiskRegisterTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RiskRegister _register;

    public RiskRegisterTests()
    {
        _register = new RiskRegister(SecurityRuleCatalog.Latest, _time);
        _register.RecordAssessment(new DateOnly(2026, 2, 15));
    }

    internal static RiskEntry Risk(string id = "risk-1") => new()
    {
        Id = id,
        Asset = "visit recordings",
        ThreatSource = "outsider with stolen credentials",
        ThreatEvent = "bulk download of recordings",
        Vulnerability = "support staff sign in without MFA",
        Likelihood = RiskLevel.High,
        Impact = RiskLevel.VeryHigh,
        Owner = "Security official",
        DueOn = new DateOnly(2026, 4, 30),
        Treatment = RiskTreatment.Mitigate,
        Citations = ["164.312(d)"],
    };

    [Fact]
    public void Level_comes_from_the_default_nist_scale()
    {
        _register.Add(Risk());

        Assert.Same(Nist80030RiskScale.Instance, _register.Scale);
        Assert.Equal(RiskLevel.VeryHigh, _register.GetLevel(Risk()));
        Assert.Equal(RiskLevel.Moderate, _register.GetLevel(Risk() with { Likelihood = RiskLevel.Moderate, Impact = RiskLevel.High }));
    }

    [Fact]
    public void A_pluggable_scale_is_used_and_restricts_the_levels()
    {
        var register = new RiskRegister(SecurityRuleCatalog.Latest, _time, new ThreeLevelScale());
        register.Add(Risk() with { Likelihood = RiskLevel.High, Impact = RiskLevel.Low });

        Assert.Equal(RiskLevel.Moderate, register.GetLevel(register.Risks[0]));
        Assert.Equal("TH5030", Assert.Throws<ComplianceException>(() => register.Add(Risk("risk-2") with { Likelihood = RiskLevel.VeryHigh })).Code);
    }

    [Fact]
    public void Closing_requires_linked_evidence()
    {
        _register.Add(Risk());

        var ex = Assert.Throws<ComplianceException>(() => _register.Close("risk-1", []));
        Assert.Equal("TH5031: Risk 'risk-1' cannot be closed without linked evidence of its treatment.", ex.Message);
        Assert.Equal(RiskStatus.Open, _register.Risks[0].Status);

        Assert.Equal("TH5031", Assert.Throws<ComplianceException>(() => _register.Update(Risk() with { Status = RiskStatus.Closed, ClosedOn = new DateOnly(2026, 3, 1) })).Code);
    }

    [Fact]
    public void Closing_with_evidence_records_the_date_and_the_evidence()
    {
        _register.Add(Risk() with { Status = RiskStatus.InTreatment, EvidenceIds = ["mfa-rollout-plan"] });
        _time.Advance(TimeSpan.FromDays(10));

        var closed = _register.Close("risk-1", ["mfa-enrollment-rate", "mfa-rollout-plan"]);

        Assert.Equal(RiskStatus.Closed, closed.Status);
        Assert.Equal(new DateOnly(2026, 3, 11), closed.ClosedOn);
        Assert.Equal(["mfa-rollout-plan", "mfa-enrollment-rate"], closed.EvidenceIds);
        Assert.True(_register.TryGet("risk-1", out var stored));
        Assert.Same(closed, stored);
    }

    [Fact]
    public void Closing_against_an_evidence_register_requires_the_evidence_to_be_recorded_there()
    {
        var evidence = new EvidenceRegister(SecurityRuleCatalog.Latest, _time);
        evidence.Add(Telehealth.Compliance.Tests.Evidence.EvidenceRegisterTests.MfaRate());
        _register.Add(Risk());

        var ex = Assert.Throws<ComplianceException>(() => _register.Close("risk-1", ["identity.mfa-enrollment", "pen-test-2026"], evidence));
        Assert.Equal("TH5033: Risk 'risk-1' cannot be closed with evidence 'pen-test-2026', which is not in the evidence register.", ex.Message);
        Assert.Equal(RiskStatus.Open, _register.Risks[0].Status);

        Assert.Equal(RiskStatus.Closed, _register.Close("risk-1", ["identity.mfa-enrollment"], evidence).Status);
    }

    [Fact]
    public void Open_risk_past_its_due_date_is_reported_until_closed()
    {
        _register.Add(Risk() with { Likelihood = RiskLevel.Moderate, Impact = RiskLevel.High });
        _time.Advance(TimeSpan.FromDays(60)); // 2026-04-30, the due date
        Assert.Empty(_register.Check());

        _time.Advance(TimeSpan.FromDays(1));
        var finding = Assert.Single(_register.Check());
        Assert.Equal(FindingCodes.RiskTreatmentOverdue, finding.Code);
        Assert.Equal("risk-1", finding.Subject);
        Assert.Equal(new DateOnly(2026, 4, 30), finding.DueOn);
        Assert.Equal("The Mitigate treatment of a Moderate risk is not closed after its due date.", finding.Message);

        _register.Close("risk-1", ["mfa-enrollment-rate"]);
        Assert.Empty(_register.Check());
    }

    [Fact]
    public void Annual_assessment_is_overdue_after_the_interval()
    {
        Assert.Equal(new DateOnly(2027, 2, 15), _register.NextAssessmentDueOn);
        _time.Advance(TimeSpan.FromDays(351)); // 2027-02-15
        Assert.Empty(_register.Check());

        _time.Advance(TimeSpan.FromDays(1));
        var finding = Assert.Single(_register.Check());
        Assert.Equal(FindingCodes.RiskAssessmentOverdue, finding.Code);
        Assert.Equal("The last risk assessment (2026-02-15) is more than 365 days old.", finding.Message);

        _register.RecordAssessment(new DateOnly(2027, 2, 16));
        Assert.Empty(_register.Check());
    }

    [Fact]
    public void A_register_without_assessment_reports_it()
    {
        var register = new RiskRegister(SecurityRuleCatalog.Latest, _time);

        Assert.Null(register.NextAssessmentDueOn);
        Assert.Equal("No risk assessment has been recorded.", Assert.Single(register.Check()).Message);
    }

    [Fact]
    public void A_major_change_calls_for_an_assessment_until_one_follows_it()
    {
        _register.RecordMajorChange(new DateOnly(2026, 2, 15), "same-day change, covered by the assessment of that day");
        _register.RecordMajorChange(new DateOnly(2026, 2, 20), "video platform replaced");

        var finding = Assert.Single(_register.Check());
        Assert.Equal(FindingCodes.RiskAssessmentAfterMajorChange, finding.Code);
        Assert.Equal("No risk assessment since the major change of 2026-02-20: video platform replaced.", finding.Message);

        _register.RecordAssessment(new DateOnly(2026, 1, 1)); // an older assessment changes nothing
        Assert.Single(_register.Check());

        _register.RecordAssessment(new DateOnly(2026, 2, 25));
        Assert.Empty(_register.Check());
        Assert.Equal(new DateOnly(2026, 2, 25), _register.LastAssessedOn);
    }

    [Fact]
    public void Invalid_risks_are_rejected_with_stable_codes()
    {
        Assert.Equal("TH5023", Assert.Throws<ComplianceException>(() => _register.Add(Risk("Risk 1"))).Code);
        Assert.Equal("TH5026: RiskEntry.Owner is required and must not be blank.", Assert.Throws<ComplianceException>(() => _register.Add(Risk() with { Owner = "" })).Message);
        Assert.Equal("TH5001", Assert.Throws<ComplianceException>(() => _register.Add(Risk() with { Citations = ["164.999(z)"] })).Code);
        Assert.Equal("TH5030", Assert.Throws<ComplianceException>(() => _register.Add(Risk() with { Treatment = 0 })).Code);
        Assert.Equal("TH5032", Assert.Throws<ComplianceException>(() => _register.Add(Risk() with { ClosedOn = new DateOnly(2026, 3, 1) })).Code);
        Assert.Equal("TH5026", Assert.Throws<ComplianceException>(() => _register.Add(Risk() with { Status = RiskStatus.Closed, EvidenceIds = ["e"] })).Code);
        Assert.Equal("TH5026", Assert.Throws<ComplianceException>(() => _register.RecordMajorChange(new DateOnly(2026, 3, 1), " ")).Code);
        Assert.Equal("TH5029", Assert.Throws<ComplianceException>(() => new RiskRegister(SecurityRuleCatalog.Latest, _time, assessmentIntervalDays: 0)).Code);
        Assert.Empty(_register.Risks);

        _register.Add(Risk());
        Assert.Equal("TH5024", Assert.Throws<ComplianceException>(() => _register.Add(Risk())).Code);
        Assert.Equal("TH5025", Assert.Throws<ComplianceException>(() => _register.Update(Risk("risk-2"))).Code);
        Assert.Equal("TH5025", Assert.Throws<ComplianceException>(() => _register.Close("risk-2", ["e"])).Code);
    }

    [Fact]
    public void Describes_itself_without_free_text()
    {
        Assert.Equal("risk-1 likelihood High, impact VeryHigh, Mitigate, Open (due 2026-04-30)", Risk().ToString());
    }

    [Fact]
    public void Null_arguments_name_the_parameter()
    {
        Assert.Throws<ArgumentNullException>("catalog", () => new RiskRegister(null!, _time));
        Assert.Throws<ArgumentNullException>("timeProvider", () => new RiskRegister(SecurityRuleCatalog.Latest, null!));
        Assert.Throws<ArgumentNullException>("risk", () => _register.Add(null!));
        Assert.Throws<ArgumentNullException>("evidenceIds", () => _register.Close("risk-1", null!));
    }

    /// <summary>A three-level scale (Low, Moderate, High) whose risk is the rounded-down mean of likelihood and impact.</summary>
    private sealed class ThreeLevelScale : IRiskScale
    {
        public string Name => "three levels";

        public IReadOnlyList<RiskLevel> Levels { get; } = [RiskLevel.Low, RiskLevel.Moderate, RiskLevel.High];

        public RiskLevel GetRiskLevel(RiskLevel likelihood, RiskLevel impact) => (RiskLevel)(((int)likelihood + (int)impact) / 2);
    }
}
