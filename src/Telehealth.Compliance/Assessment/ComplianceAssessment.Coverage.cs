namespace Telehealth.Compliance;

/// <summary>How an assessment rates each requirement: what findings point at, and what evidence and records show.</summary>
public sealed partial class ComplianceAssessment
{
    private const string RiskAnalysisCitation = "164.308(a)(1)(ii)(A)";
    private const string BusinessAssociateStandard = "164.308(b)(1)";
    private const string LawEnforcementDelayCitation = "164.412";

    /// <summary>
    /// Gets the citation of what a finding points at, if anything (see the remarks of <see cref="ComplianceAssessment"/>):
    /// a Security Rule entry, a section of the Breach Notification Rule, or for a Privacy Rule paragraph the business
    /// associate standard.
    /// </summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="finding">The finding.</param>
    /// <returns>The citation of the catalog entry or breach notification section, or <see langword="null"/>.</returns>
    internal static string? TargetOf(SecurityRuleCatalog catalog, ComplianceFinding finding)
    {
        if (finding.Citation is not { } citation)
        {
            return null;
        }

        for (var candidate = citation; candidate.Length > 0; candidate = ParentCitation(candidate))
        {
            if (catalog.TryGet(candidate, out var entry))
            {
                return entry.Citation;
            }
        }

        if (catalog.TryGetBreachNotification(citation, out var breach))
        {
            return breach.Citation;
        }

        return IsPrivacyRule(citation) && catalog.Contains(BusinessAssociateStandard) ? BusinessAssociateStandard : null;
    }

    /// <summary>Subpart E, the Privacy Rule, is 164.500 to 164.534; its business associate provisions are checked under 164.308(b)(1).</summary>
    private static bool IsPrivacyRule(string citation)
    {
        var open = citation.IndexOf('(', StringComparison.Ordinal);
        var section = open < 0 ? citation : citation[..open];
        return section.StartsWith("164.", StringComparison.Ordinal)
            && int.TryParse(section.AsSpan(4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number is >= 500 and <= 534;
    }

    private static BreachNotificationCoverage[] AssessBreachNotification(SecurityRuleCatalog catalog, BreachStatus[] breaches, ILookup<string, ComplianceFinding> findingsByTarget) =>
    [
        .. catalog.BreachNotification.Select(requirement =>
        {
            var governed = breaches
                .SelectMany(b => b.Notices.Where(n => Governs(catalog, requirement, n.Deadline)).Select(n => (b.Assessment.Id, Notice: n)))
                .ToArray();
            var findings = findingsByTarget[requirement.Citation].ToArray();
            var status = findings.Length > 0 ? CoverageStatus.NotSatisfied
                : governed.Any(g => g.Notice.GivenOn is not null && !g.Notice.WasLate) ? CoverageStatus.Satisfied
                : CoverageStatus.NotAssessed;
            return new BreachNotificationCoverage(requirement, status, [.. governed.Select(g => g.Id).Distinct().Order(StringComparer.Ordinal)], findings);
        }),
    ];

    /// <summary>A section governs a notice under its own citation; 164.412 governs every notice a law enforcement statement concerns.</summary>
    private static bool Governs(SecurityRuleCatalog catalog, BreachNotificationRequirement requirement, BreachNotificationDeadline deadline) =>
        requirement.Citation == LawEnforcementDelayCitation
            ? deadline.NotBefore is not null || deadline.DelayRequestedAfterDeadlineOn is not null
            : catalog.TryGetBreachNotification(deadline.Citation, out var governing) && governing == requirement;

    private static string ParentCitation(string citation)
    {
        var open = citation.LastIndexOf('(');
        return open > 0 ? citation[..open] : string.Empty;
    }

    private static RequirementCoverage[] Assess(
        SecurityRuleCatalog catalog,
        AddressableDecisionRegister? decisions,
        RiskRegister? riskRegister,
        EvidenceStatus[] evidence,
        AssessedRisk[] risks,
        ILookup<string, ComplianceFinding> findingsByEntry)
    {
        var own = new Dictionary<string, RequirementCoverage>(StringComparer.Ordinal);
        foreach (var entry in catalog.Entries)
        {
            var linked = evidence.Where(e => e.Item.Citations.Contains(entry.Citation, StringComparer.Ordinal)).ToArray();
            var current = linked.Where(e => !e.IsStale).ToArray();
            var entryFindings = findingsByEntry[entry.Citation].ToArray();

            // The register's own findings (no assessment, an overdue one, a major change since) make the entry not
            // satisfied; without them its last assessment is a completed, current risk analysis.
            var riskAnalysis = entry.Citation == RiskAnalysisCitation && entryFindings.Length == 0 ? riskRegister?.LastAssessedOn : null;
            var status = entryFindings.Length > 0 || current.Any(e => e.Item.Outcome == EvidenceOutcome.NotSatisfied)
                ? CoverageStatus.NotSatisfied
                : riskAnalysis is not null || current.Any(e => e.Item.Outcome == EvidenceOutcome.Satisfied) ? CoverageStatus.Satisfied : CoverageStatus.NotAssessed;
            AddressableDecision? decision = null;
            decisions?.TryGetLatest(entry.Citation, out decision);
            own[entry.Citation] = new RequirementCoverage(
                entry,
                status,
                [.. current.Select(e => e.Item.Id)],
                [.. linked.Where(e => e.IsStale).Select(e => e.Item.Id)],
                decision,
                entryFindings,
                [.. risks.Where(r => r.Risk.Citations.Contains(entry.Citation, StringComparer.Ordinal)).Select(r => r.Risk.Id)],
                riskAnalysis,
                []);
        }

        return [.. catalog.Entries.Select(entry =>
        {
            var coverage = own[entry.Citation];
            if (!entry.IsStandard)
            {
                return coverage;
            }

            var specifications = catalog.GetSpecifications(entry.Citation).Select(s => own[s.Citation]).ToArray();
            var failing = specifications.Where(s => s.Status == CoverageStatus.NotSatisfied).Select(s => s.Entry.Citation).ToArray();
            var status = coverage.Status == CoverageStatus.NotSatisfied || failing.Length > 0
                ? CoverageStatus.NotSatisfied
                : coverage.Status == CoverageStatus.Satisfied || (specifications.Length > 0 && specifications.All(s => s.Status == CoverageStatus.Satisfied))
                    ? CoverageStatus.Satisfied
                    : CoverageStatus.NotAssessed;
            return status == coverage.Status && failing.Length == 0
                ? coverage
                : new RequirementCoverage(entry, status, coverage.CurrentEvidenceIds, coverage.StaleEvidenceIds, coverage.Decision, coverage.Findings, coverage.RiskIds, coverage.RiskAnalysisCompletedOn, failing);
        })];
    }
}
