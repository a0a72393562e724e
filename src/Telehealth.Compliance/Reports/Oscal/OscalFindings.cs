namespace Telehealth.Compliance;

/// <summary>
/// Turns an assessment into OSCAL findings: one per satisfied requirement, one per subject of a requirement that is not
/// satisfied (a compliance finding's record, a current evidence item that shows a gap, a failing specification of a
/// standard), none for a requirement that was not assessed.
/// </summary>
internal static class OscalFindings
{
    public static IReadOnlyList<OscalFinding> Of(ComplianceAssessment assessment, OscalIds ids)
    {
        var gaps = assessment.Evidence.Where(e => !e.IsStale && e.Item.Outcome == EvidenceOutcome.NotSatisfied).Select(e => e.Item.Id).ToHashSet(StringComparer.Ordinal);
        var titles = ReportText.Titles(assessment);
        var findings = new List<OscalFinding>();
        foreach (var requirement in assessment.Requirements)
        {
            var entry = requirement.Entry;
            var evidenceIds = requirement.CurrentEvidenceIds.Concat(requirement.StaleEvidenceIds).ToArray();
            if (requirement.Status == CoverageStatus.Satisfied)
            {
                findings.Add(new OscalFinding(
                    $"{entry.Citation}/satisfied", $"{entry.Citation} {entry.Title}", ReportText.Explanation(requirement, titles), entry.Citation, satisfied: true,
                    ids.Observations(evidenceIds), ids.Risks(requirement.RiskIds)));
            }
            else if (requirement.Status == CoverageStatus.NotSatisfied)
            {
                findings.AddRange(NotSatisfied(entry.Citation, requirement.Findings, ids));
                foreach (var id in requirement.CurrentEvidenceIds.Where(gaps.Contains).Where(id => !requirement.Findings.Any(f => f.Subject == id)))
                {
                    findings.Add(new OscalFinding(
                        $"{entry.Citation}/evidence/{id}", $"{entry.Citation}: evidence {id}", $"Current evidence '{id}' shows a gap.", entry.Citation, satisfied: false,
                        ids.Observations([id]), []));
                }

                foreach (var specification in requirement.FailingSpecifications)
                {
                    findings.Add(new OscalFinding(
                        $"{entry.Citation}/specification/{specification}", $"{entry.Citation}: specification {specification}",
                        $"Not satisfied: the implementation specification {specification} {titles[specification]} is not satisfied.", entry.Citation, satisfied: false, [], []));
                }
            }
        }

        foreach (var requirement in assessment.BreachNotification)
        {
            var citation = requirement.Requirement.Citation;
            if (requirement.Status == CoverageStatus.Satisfied)
            {
                findings.Add(new OscalFinding(
                    $"{citation}/satisfied", requirement.Requirement.ToString(), ReportText.Explanation(requirement), citation, satisfied: true,
                    ids.Observations(requirement.AssessmentIds), []));
            }
            else if (requirement.Status == CoverageStatus.NotSatisfied)
            {
                findings.AddRange(NotSatisfied(citation, requirement.Findings, ids));
            }
        }

        return findings;
    }

    /// <summary>One finding per code and subject: several findings of one record about one requirement (such as two flow-down gaps) are one subject.</summary>
    private static IEnumerable<OscalFinding> NotSatisfied(string citation, IReadOnlyList<ComplianceFinding> findings, OscalIds ids) =>
        findings.GroupBy(f => (f.Code, f.Subject)).Select(g => new OscalFinding(
            $"{citation}/{g.Key.Code}/{g.Key.Subject}",
            $"{citation}: {g.Key.Code} {g.Key.Subject}",
            string.Join(" ", g.Select(ReportText.Finding)),
            citation,
            satisfied: false,
            ids.Observations([g.Key.Subject]),
            ids.Risks([g.Key.Subject]),
            g.First()));
}
