using Microsoft.Extensions.Time.Testing;
using Telehealth.Compliance.Tests.Risk;

namespace Telehealth.Compliance.Tests.Reports;

/// <summary>A small compliance program with one of everything, including text that tries to inject markup.</summary>
internal sealed class SampleProgram
{
    public const string Injection = "<script>alert(1)</script> | *x* [l](http://evil.example)";

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public SampleProgram()
    {
        Time = new FakeTimeProvider(Now);
        Decisions = new AddressableDecisionRegister(Catalog, Time);
        Decisions.Record(new AddressableDecision
        {
            Citation = "164.312(a)(2)(iii)",
            Outcome = AddressableDecisionOutcome.Implemented,
            Rationale = "Sessions end after 15 minutes.",
            Approver = "Security official",
            DecidedOn = new DateOnly(2026, 1, 15),
            NextReviewOn = new DateOnly(2027, 1, 15),
        });

        Risks = new RiskRegister(Catalog, Time);
        Risks.RecordAssessment(new DateOnly(2026, 2, 15));
        Risks.Add(RiskRegisterTests.Risk());
        Risks.Add(RiskRegisterTests.Risk("risk-2") with
        {
            Asset = Injection,
            Likelihood = RiskLevel.Low,
            Impact = RiskLevel.Moderate,
            Treatment = RiskTreatment.Accept,
            Citations = ["164.312(b)"],
        });
        Risks.Add(RiskRegisterTests.Risk("risk-3") with { Status = RiskStatus.Closed, ClosedOn = new DateOnly(2026, 2, 1), EvidenceIds = ["identity.mfa-enrollment"] });

        Vendors = new VendorInventory(Time);
        Vendors.Add(BusinessAssociates.Vendors.Create("video-relay"));
        Vendors.Add(BusinessAssociates.Vendors.Create("sms-gateway") with { Agreement = null, Name = Injection });
        Vendors.AddFlow(new PhiFlow { From = "ehr", To = "sms-gateway", Purpose = "appointment reminders" });

        Evidence = new EvidenceRegister(Catalog, Time);
        Evidence.Add(Item("identity.mfa-enrollment", "164.312(d)", EvidenceOutcome.Satisfied, Now.AddDays(7)));
        Evidence.Add(Item("audit.log-verification", "164.312(b)", EvidenceOutcome.Satisfied, Now.AddHours(-1)));
        Evidence.Add(Item("crypto.encryption-coverage", "164.312(a)(2)(iv)", EvidenceOutcome.NotSatisfied, Now.AddDays(1)));
    }

    public SecurityRuleCatalog Catalog { get; } = SecurityRuleCatalog.Latest;

    public FakeTimeProvider Time { get; }

    public AddressableDecisionRegister Decisions { get; }

    public RiskRegister Risks { get; }

    public VendorInventory Vendors { get; }

    public EvidenceRegister Evidence { get; }

    public ComplianceAssessment Assess() =>
        ComplianceAssessment.Create("Clinic assessment 2026", Catalog, Time, Decisions, Risks, Vendors, Evidence);

    /// <summary>
    /// The sample program with a breach whose notices are overdue, an accepted risk whose review is overdue, an addressable
    /// decision and a vendor past their review dates: the cases a compliance officer most needs the exports to carry.
    /// </summary>
    public static ComplianceAssessment AssessWithBreachesAcceptedRisksAndOverdueReviews()
    {
        var program = new SampleProgram();
        var breaches = new BreachAssessmentLog(program.Time);
        breaches.Record(Breach.BreachDeadlineEngineTests.Breach(new DateOnly(2025, 12, 1), ("TX", 600)));
        breaches.Record(Breach.BreachDeadlineEngineTests.Breach(new DateOnly(2026, 1, 10), ("CA", 12)) with { Id = "incident-2" });
        breaches.RecordNotice("incident-2", BreachNotificationRecipient.Individuals, new DateOnly(2026, 2, 1));
        program.Risks.Add(RiskRegisterTests.Risk("risk-accepted") with { Likelihood = RiskLevel.Low, Impact = RiskLevel.Low });
        program.Risks.Accept("risk-accepted", RiskTreatmentTests.Acceptance(new DateOnly(2026, 2, 28)));
        program.Decisions.Record(new AddressableDecision
        {
            Citation = "164.312(e)(2)(ii)",
            Outcome = AddressableDecisionOutcome.Implemented,
            Rationale = "TLS 1.3 for every connection.",
            Approver = "Security official",
            DecidedOn = new DateOnly(2025, 1, 15),
            NextReviewOn = new DateOnly(2026, 1, 15),
        });
        program.Vendors.Add(BusinessAssociates.Vendors.Create("cloud-backup") with { LastReviewedOn = new DateOnly(2024, 12, 1) });
        return ComplianceAssessment.Create("Clinic assessment 2026", program.Catalog, program.Time, program.Decisions, program.Risks, program.Vendors, program.Evidence, breaches);
    }

    private static EvidenceItem Item(string id, string citation, EvidenceOutcome outcome, DateTimeOffset expiresAt) => new()
    {
        Id = id,
        Observation = new EvidenceObservation { Description = $"Observation of {id}", Metric = id, Value = 97.5m, Unit = "percent" },
        Source = "sample",
        CollectedAt = expiresAt.AddDays(-10),
        ExpiresAt = expiresAt,
        Kind = EvidenceKind.RuntimeMeasurement,
        Citations = [citation],
        Outcome = outcome,
    };
}
