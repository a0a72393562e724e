using System.Text.Json.Serialization;

namespace Telehealth.Compliance;

/// <summary>
/// A snapshot of the compliance program at one instant, pulled together from the catalog and whichever registers the
/// host keeps: coverage of every standard and specification (by safeguard), addressable decisions, risks, vendors and
/// their agreements, evidence freshness and every finding. Renderers (<see cref="IComplianceReportRenderer"/>) turn it
/// into Markdown, HTML, JSON or OSCAL assessment results. It holds what the registers hold, which is never PHI.
/// </summary>
/// <remarks>
/// An entry is <see cref="CoverageStatus.NotSatisfied"/> when a finding points at it or current evidence linked to it
/// shows a gap; otherwise <see cref="CoverageStatus.Satisfied"/> when current evidence linked to it shows it met, or,
/// for 164.308(a)(1)(ii)(A) Risk analysis, when the risk register records a completed assessment that is current;
/// otherwise <see cref="CoverageStatus.NotAssessed"/>. A standard is also not satisfied when one of its specifications
/// is not, and satisfied when all of its specifications are. A finding points at the catalog entry of its citation, or
/// of the longest catalog citation its citation starts with (<c>164.314(a)(2)(i)(B)</c> points at <c>164.314(a)(2)</c>);
/// a finding citing a paragraph of the Breach Notification Rule points at its section (<c>164.404(b)</c> at
/// <c>164.404</c>, see <see cref="BreachNotification"/>); a finding citing a Privacy Rule paragraph (164.500–164.534,
/// such as the business associate contract provisions of 164.504(e)) points at 164.308(b)(1). A finding without
/// citation, such as a policy gap, points at nothing and changes no status.
/// </remarks>
public sealed partial class ComplianceAssessment
{

    private readonly Dictionary<(RiskLevel Likelihood, RiskLevel Impact), int> _heatMap;

    private ComplianceAssessment(
        string title,
        DateTimeOffset generatedAt,
        SecurityRuleCatalog catalog,
        IRiskScale riskScale,
        IReadOnlyList<RequirementCoverage> requirements,
        IReadOnlyList<SafeguardCoverage> safeguards,
        IReadOnlyList<AddressableDecision> decisions,
        IReadOnlyList<PendingAddressableDecision> pendingDecisions,
        IReadOnlyList<AssessedRisk> risks,
        IReadOnlyList<VendorStatus> vendors,
        IReadOnlyList<EvidenceStatus> evidence,
        IReadOnlyList<BreachNotificationCoverage> breachNotification,
        IReadOnlyList<BreachStatus> breaches,
        IReadOnlyList<ComplianceFinding> findings)
    {
        Title = title;
        GeneratedAt = generatedAt;
        Catalog = catalog;
        RiskScale = riskScale;
        Requirements = requirements;
        Safeguards = safeguards;
        Decisions = decisions;
        PendingDecisions = pendingDecisions;
        Risks = risks;
        Vendors = vendors;
        Evidence = evidence;
        BreachNotification = breachNotification;
        Breaches = breaches;
        Findings = findings;
        _heatMap = risks.Where(r => r.Risk.Status != RiskStatus.Closed)
            .GroupBy(r => (r.Risk.Likelihood, r.Risk.Impact))
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Gets the title, such as <c>Clinic HIPAA Security Rule assessment 2026</c>.</summary>
    public string Title { get; }

    /// <summary>Gets when the assessment was made.</summary>
    public DateTimeOffset GeneratedAt { get; }

    /// <summary>Gets the catalog version assessed.</summary>
    public string CatalogVersion => Catalog.Version;

    /// <summary>Gets the catalog assessed.</summary>
    [JsonIgnore]
    public SecurityRuleCatalog Catalog { get; }

    /// <summary>Gets the risk scale of the risks.</summary>
    [JsonIgnore]
    public IRiskScale RiskScale { get; }

    /// <summary>Gets the name of the risk scale.</summary>
    public string RiskScaleName => RiskScale.Name;

    /// <summary>Gets the assessment of every catalog entry, in regulation order.</summary>
    public IReadOnlyList<RequirementCoverage> Requirements { get; }

    /// <summary>Gets the coverage per safeguard category, in regulation order.</summary>
    public IReadOnlyList<SafeguardCoverage> Safeguards { get; }

    /// <summary>Gets the latest addressable decisions, in regulation order.</summary>
    public IReadOnlyList<AddressableDecision> Decisions { get; }

    /// <summary>Gets the addressable specifications without a current decision, in regulation order.</summary>
    public IReadOnlyList<PendingAddressableDecision> PendingDecisions { get; }

    /// <summary>Gets the risks, highest level first, then by id.</summary>
    public IReadOnlyList<AssessedRisk> Risks { get; }

    /// <summary>Gets the vendors, in ordinal order of id.</summary>
    public IReadOnlyList<VendorStatus> Vendors { get; }

    /// <summary>Gets the evidence items, in ordinal order of id.</summary>
    public IReadOnlyList<EvidenceStatus> Evidence { get; }

    /// <summary>Gets the assessment of each section of the Breach Notification Rule (Subpart D), in regulation order.</summary>
    public IReadOnlyList<BreachNotificationCoverage> BreachNotification { get; }

    /// <summary>Gets the breach assessments with where their notices stand, in ordinal order of id.</summary>
    public IReadOnlyList<BreachStatus> Breaches { get; }

    /// <summary>
    /// Gets every finding: vendors, risks, evidence, breach notices, then addressable decisions; each with an owner and a
    /// due date (the record's owner and the check's deadline, else those of the <see cref="ComplianceAssessmentOptions"/>).
    /// </summary>
    public IReadOnlyList<ComplianceFinding> Findings { get; }

    /// <summary>Creates an assessment from the catalog and the registers the host keeps; a register left out contributes nothing.</summary>
    /// <param name="title">The title.</param>
    /// <param name="catalog">The catalog to assess against.</param>
    /// <param name="timeProvider">The clock that dates the assessment.</param>
    /// <param name="decisions">The addressable decisions, if kept.</param>
    /// <param name="risks">The risk register, if kept.</param>
    /// <param name="vendors">The vendor inventory, if kept.</param>
    /// <param name="evidence">The evidence, if kept.</param>
    /// <param name="breaches">The breach assessments, if kept; they contribute their notices and their notice findings.</param>
    /// <param name="options">Who owns findings without an owner, and when findings without a deadline are due; <see langword="null"/> for the defaults.</param>
    /// <returns>The assessment.</returns>
    /// <exception cref="ComplianceException">
    /// The title is blank (<c>TH5026</c>), a register refers to another catalog version (<c>TH5070</c>), or an option is invalid (<c>TH5026</c>, <c>TH5029</c>).
    /// </exception>
    public static ComplianceAssessment Create(
        string title,
        SecurityRuleCatalog catalog,
        TimeProvider timeProvider,
        AddressableDecisionRegister? decisions = null,
        RiskRegister? risks = null,
        VendorInventory? vendors = null,
        EvidenceRegister? evidence = null,
        BreachAssessmentLog? breaches = null,
        ComplianceAssessmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new ComplianceAssessmentOptions();
        options.Check();
        using var activity = ComplianceTelemetry.Source.StartActivity("compliance.assess");
        if (string.IsNullOrWhiteSpace(title))
        {
            throw Errors.FieldMissing(nameof(ComplianceAssessment), nameof(Title));
        }

        foreach (var other in new[] { decisions?.Catalog, risks?.Catalog, evidence?.Catalog })
        {
            if (other is not null && other.Version != catalog.Version)
            {
                throw Errors.CatalogMismatch(catalog.Version, other.Version);
            }
        }

        var now = timeProvider.GetUtcNow();
        var pending = decisions?.GetPending() ?? [];
        var findings = new List<ComplianceFinding>();
        findings.AddRange(vendors?.Check() ?? []);
        findings.AddRange(risks?.Check() ?? []);
        findings.AddRange(evidence?.Check() ?? []);
        findings.AddRange(breaches?.Check() ?? []);
        findings.AddRange(pending.Select(p => new ComplianceFinding
        {
            Code = p.Reason == PendingDecisionReason.NoDecision ? FindingCodes.AddressableDecisionMissing : FindingCodes.AddressableDecisionReviewOverdue,
            Subject = p.Specification.Citation,
            Citation = p.Specification.Citation,
            DueOn = p.LatestDecision?.NextReviewOn,
            Owner = p.LatestDecision?.Approver,
            Message = p.Reason == PendingDecisionReason.NoDecision
                ? $"The addressable specification '{p.Specification.Title}' has no documented decision (164.306(d)(3))."
                : $"The decision for the addressable specification '{p.Specification.Title}' is past its review date.",
        }));

        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var remediationDue = today.AddDays(options.RemediationDays);
        for (var i = 0; i < findings.Count; i++)
        {
            findings[i] = findings[i] with { Owner = findings[i].Owner ?? options.DefaultOwner, DueOn = findings[i].DueOn ?? remediationDue };
        }

        var evidenceStatus = (evidence?.Items ?? []).Select(e => new EvidenceStatus(e, e.IsStaleAt(now))).ToArray();
        var assessedRisks = (risks?.Risks ?? [])
            .Select(r => new AssessedRisk(r, risks!.GetLevel(r), risks.GetResidualLevel(r)))
            .OrderByDescending(r => r.Level).ThenBy(r => r.Risk.Id, StringComparer.Ordinal)
            .ToArray();
        var findingsByTarget = findings
            .Select(f => (Finding: f, Target: TargetOf(catalog, f)))
            .Where(x => x.Target is not null)
            .ToLookup(x => x.Target!, x => x.Finding, StringComparer.Ordinal);
        var requirements = Assess(catalog, decisions, risks, evidenceStatus, assessedRisks, findingsByTarget);
        var breachStatus = (breaches?.Schedules ?? []).Select(schedule => new BreachStatus(schedule.Assessment, [.. schedule.Deadlines.Select(deadline =>
        {
            var givenOn = breaches!.GetNoticeDate(schedule.Assessment.Id, deadline.Recipient, deadline.Jurisdiction);
            return new BreachNoticeStatus(deadline, givenOn, givenOn is null && deadline.IsPastDueOn(today));
        })])).ToArray();
        var safeguards = catalog.Sections.Select(section =>
        {
            var inSection = requirements.Where(r => r.Entry.Section == section).ToArray();
            return new SafeguardCoverage(
                section.Safeguard,
                $"{section.Number} {section.Title}",
                inSection.Length,
                inSection.Count(r => r.Status == CoverageStatus.Satisfied),
                inSection.Count(r => r.Status == CoverageStatus.NotSatisfied));
        }).ToArray();

        var vendorStatus = (vendors?.Vendors ?? []).Select(v => new VendorStatus(
            v,
            v.Agreement?.IsActiveOn(today) == true,
            v.LastReviewedOn?.AddDays(vendors!.Policy.ReviewIntervalDays))).ToArray();

        var breachNotification = AssessBreachNotification(catalog, breachStatus, findingsByTarget);
        ComplianceTelemetry.RecordAssessment(activity, requirements.Select(r => r.Status).Concat(breachNotification.Select(b => b.Status)), findings.Count);
        return new ComplianceAssessment(
            title,
            now,
            catalog,
            risks?.Scale ?? Nist80030RiskScale.Instance,
            requirements,
            safeguards,
            decisions?.Decisions ?? [],
            pending,
            assessedRisks,
            vendorStatus,
            evidenceStatus,
            breachNotification,
            breachStatus,
            findings);
    }

    /// <summary>Gets the number of risks that are not closed in one cell of the likelihood × impact heat map.</summary>
    /// <param name="likelihood">The likelihood.</param>
    /// <param name="impact">The impact.</param>
    /// <returns>The number of open or in-treatment risks.</returns>
    public int GetOpenRiskCount(RiskLevel likelihood, RiskLevel impact) =>
        _heatMap.TryGetValue((likelihood, impact), out var count) ? count : 0;

    /// <inheritdoc />
    public override string ToString() => $"{Title} ({Requirements.Count(r => r.Status == CoverageStatus.Satisfied)}/{Requirements.Count} satisfied, {Findings.Count} findings)";
}
