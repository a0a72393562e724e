using Telehealth.Compliance;

namespace Telehealth.Clinic.Compliance;

/// <summary>
/// The demo compliance program seeded on first run, dated relative to the day it is seeded: decisions, vendors with
/// their agreements and PHI flows, risks (one accepted), and breach assessments. One vendor receives PHI without an agreement, so the
/// reports show findings. Everything is fictional and PHI-free.
/// </summary>
internal static class DemoComplianceData
{
    /// <summary>The vendor that receives PHI without a business associate agreement.</summary>
    public const string VendorWithoutAgreement = "sms-gateway";

    /// <summary>That vendor's name; it holds markup characters, which the reports must show as text.</summary>
    public const string VendorWithoutAgreementName = "Remind & Notify <SMS> Co.";

    /// <summary>The open risk of likelihood High and impact Very High.</summary>
    public const string HighRiskId = "risk-recordings-mfa";

    /// <summary>Whether <paramref name="records"/> holds nothing yet, which is what a first run looks like.</summary>
    /// <param name="records">The loaded registers.</param>
    /// <returns><see langword="true"/> when every register is empty.</returns>
    public static bool IsEmpty(ComplianceRecords records) =>
        records.Decisions.Decisions.Count == 0 && records.Vendors.Vendors.Count == 0 && records.Risks.Risks.Count == 0
        && records.Breaches.Schedules.Count == 0 && records.Evidence.Items.Count == 0 && records.Risks.LastAssessedOn is null;

    /// <summary>Adds the demo records to <paramref name="records"/>; the caller saves them.</summary>
    /// <param name="records">Empty registers.</param>
    /// <param name="today">The day of seeding (UTC).</param>
    public static void Seed(ComplianceRecords records, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(records);
        SeedDecisions(records.Decisions, today);
        SeedVendors(records.Vendors, today);
        SeedRisks(records.Risks, today);
        SeedBreaches(records.Breaches, today);
    }

    private static void SeedDecisions(AddressableDecisionRegister decisions, DateOnly today)
    {
        var decidedOn = today.AddDays(-30);
        decisions.Record(new AddressableDecision
        {
            Citation = "164.312(a)(2)(iii)",
            Outcome = AddressableDecisionOutcome.Implemented,
            Rationale = "Clinician sessions end after 15 minutes without activity.",
            Approver = "Security official",
            DecidedOn = decidedOn,
            NextReviewOn = decidedOn.AddYears(1),
        });
        decisions.Record(new AddressableDecision
        {
            Citation = "164.312(a)(2)(iv)",
            Outcome = AddressableDecisionOutcome.Implemented,
            Rationale = "Visit notes, recordings and secrets are envelope encrypted at rest with Telehealth.Crypto.",
            Approver = "Security official",
            DecidedOn = decidedOn,
            NextReviewOn = decidedOn.AddYears(1),
        });
        decisions.Record(new AddressableDecision
        {
            Citation = "164.310(d)(2)(iv)",
            Outcome = AddressableDecisionOutcome.EquivalentAlternative,
            Rationale = "The clinic keeps no PHI on workstations; the hosted service is backed up instead.",
            AlternativeMeasure = "Encrypted daily backups of the service's stores at the hosting vendor.",
            Approver = "Privacy officer",
            DecidedOn = decidedOn,
            NextReviewOn = decidedOn.AddYears(1),
        });
    }

    private static void SeedVendors(VendorInventory vendors, DateOnly today)
    {
        vendors.Add(Vendor("video-relay", "Relay Video Platform", ["video visits"], ["video", "audio"], ["media-relay"], today, "turn-host"));
        vendors.Add(Vendor("turn-host", "TURN Hosting", ["media relay servers"], ["video", "audio"], ["turn"], today));
        vendors.Add(Vendor("cloud-backup", "Backup Vault", ["encrypted backups"], ["visit notes"], ["backup"], today));
        vendors.Add(new Vendor
        {
            Id = VendorWithoutAgreement,
            Name = VendorWithoutAgreementName,
            ExecutiveOwner = "Practice manager",
            Services = ["appointment reminders"],
            PhiTypes = ["name", "phone number", "appointment time"],
            Systems = ["scheduling"],
            LastReviewedOn = today.AddDays(-45),
        });

        vendors.AddFlow(new PhiFlow { From = "visits", To = "video-relay", Purpose = "video visits", PhiTypes = ["video", "audio"], RecordsPerYear = 12_000 });
        vendors.AddFlow(new PhiFlow { From = "visits", To = "cloud-backup", Purpose = "encrypted backups", PhiTypes = ["visit notes"], RecordsPerYear = 12_000 });
        vendors.AddFlow(new PhiFlow { From = "scheduling", To = VendorWithoutAgreement, Purpose = "appointment reminders", PhiTypes = ["name", "phone number"], RecordsPerYear = 20_000 });
    }

    private static Vendor Vendor(string id, string name, string[] services, string[] phiTypes, string[] systems, DateOnly today, params string[] subcontractors)
    {
        var signedOn = today.AddDays(-200);
        return new Vendor
        {
            Id = id,
            Name = name,
            ExecutiveOwner = "Chief operating officer",
            Services = services,
            PhiTypes = phiTypes,
            Systems = systems,
            SubcontractorIds = subcontractors,
            LastReviewedOn = today.AddDays(-60),
            Agreement = new BusinessAssociateAgreement
            {
                Status = BaaStatus.Signed,
                SignedOn = signedOn,
                RenewalDueOn = signedOn.AddYears(2),
                Clauses = [.. Enum.GetValues<BaaClause>()],
                BreachNotificationDays = 10,
                DeprovisioningHours = 24,
                AccessReviewIntervalDays = 90,
                RetentionYears = 6,
            },
        };
    }

    private static void SeedRisks(RiskRegister risks, DateOnly today)
    {
        risks.RecordAssessment(today.AddDays(-20));
        risks.Add(new RiskEntry
        {
            Id = HighRiskId,
            Asset = "visit recordings",
            ThreatSource = "outsider with stolen credentials",
            ThreatEvent = "bulk download of recordings",
            Vulnerability = "support staff sign in without MFA",
            Likelihood = RiskLevel.High,
            Impact = RiskLevel.VeryHigh,
            Owner = "Security official",
            DueOn = today.AddDays(45),
            Treatment = RiskTreatment.Mitigate,
            Citations = ["164.312(d)"],
        });
        risks.Add(new RiskEntry
        {
            Id = "risk-reminder-texts",
            Asset = "appointment reminders",
            ThreatSource = "vendor without an agreement",
            ThreatEvent = "disclosure of names and appointment times",
            Vulnerability = "reminder texts sent before a business associate agreement was signed",
            Likelihood = RiskLevel.Moderate,
            Impact = RiskLevel.Moderate,
            Owner = "Practice manager",
            DueOn = today.AddDays(30),
            Treatment = RiskTreatment.Mitigate,
            Status = RiskStatus.InTreatment,
            Citations = ["164.308(b)(1)"],
        });
        risks.Add(new RiskEntry
        {
            Id = "risk-audit-disk",
            Asset = "audit log",
            ThreatSource = "hardware failure",
            ThreatEvent = "loss of the audit volume",
            Vulnerability = "single disk on the embedded store",
            Likelihood = RiskLevel.Low,
            Impact = RiskLevel.Moderate,
            Owner = "Operations lead",
            DueOn = today.AddDays(90),
            Treatment = RiskTreatment.Accept,
            Citations = ["164.312(b)"],
            ExistingControls = "Nightly encrypted copy of the audit log to the backup vendor.",
            Status = RiskStatus.Accepted,
            Acceptance = new RiskAcceptance
            {
                Approver = "Chief executive officer",
                Rationale = "The nightly copy limits a loss to one day of audit records; a second disk is not worth its cost for the demo clinic.",
                AcceptedOn = today.AddDays(-5),
                ReviewOn = today.AddDays(175),
            },
        });
        risks.Add(new RiskEntry
        {
            Id = "risk-notes-at-rest",
            Asset = "visit notes",
            ThreatSource = "insider with database access",
            ThreatEvent = "reading notes from storage",
            Vulnerability = "notes stored in clear",
            Likelihood = RiskLevel.Moderate,
            Impact = RiskLevel.High,
            Owner = "Security official",
            DueOn = today.AddDays(-10),
            Treatment = RiskTreatment.Mitigate,
            Status = RiskStatus.Closed,
            ClosedOn = today.AddDays(-15),
            EvidenceIds = ["crypto.encryption-coverage"],
            Citations = ["164.312(a)(2)(iv)"],
        });
    }

    private static void SeedBreaches(BreachAssessmentLog breaches, DateOnly today)
    {
        breaches.Record(new BreachAssessment
        {
            Id = "incident-misdirected-email",
            Summary = "A visit summary was e-mailed to another clinic's address and deleted unread.",
            DiscoveredOn = today.AddDays(-25),
            AssessedOn = today.AddDays(-22),
            AssessedBy = "Privacy officer",
            Role = BreachRole.CoveredEntity,
            NatureAndExtent = "One visit summary: name, visit date, diagnosis code.",
            ReidentificationLikelihood = RiskLevel.Low,
            UnauthorizedRecipient = "Another covered entity, bound by HIPAA.",
            AcquiredOrViewed = PhiAcquisition.NotAcquiredOrViewed,
            Mitigation = "Written attestation of deletion received.",
            UnsecuredPhi = true,
            Conclusion = BreachConclusion.LowProbabilityOfCompromise,
            AffectedByJurisdiction = new Dictionary<string, int> { ["TX"] = 1 },
        });

        const string stolenTablet = "incident-stolen-tablet";
        breaches.Record(new BreachAssessment
        {
            Id = stolenTablet,
            Summary = "An unencrypted front-desk tablet with the day's schedule was stolen.",
            DiscoveredOn = today.AddDays(-40),
            AssessedOn = today.AddDays(-38),
            AssessedBy = "Privacy officer",
            Role = BreachRole.CoveredEntity,
            NatureAndExtent = "Names and appointment times of one day's patients.",
            ReidentificationLikelihood = RiskLevel.High,
            UnauthorizedRecipient = "Unknown thief.",
            AcquiredOrViewed = PhiAcquisition.Unknown,
            Mitigation = "Device wiped remotely; tablets now enrolled in device management.",
            UnsecuredPhi = true,
            Conclusion = BreachConclusion.Breach,
            AffectedByJurisdiction = new Dictionary<string, int> { ["TX"] = 14 },
        });
        breaches.RecordNotice(stolenTablet, BreachNotificationRecipient.Individuals, today.AddDays(-20));
    }
}
