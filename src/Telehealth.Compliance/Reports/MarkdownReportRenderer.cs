using System.Globalization;
using System.Text;

namespace Telehealth.Compliance;

/// <summary>
/// Renders an assessment as Markdown (CommonMark with pipe tables): coverage by safeguard, breach notification, findings,
/// addressable decisions, the risk heat map as a table, risks, vendors with due dates, breach assessments with their
/// notices, and evidence freshness. Every value is
/// escaped, so text from the registers cannot add markup, links or HTML.
/// </summary>
public sealed class MarkdownReportRenderer : IComplianceReportRenderer
{
    /// <inheritdoc />
    public string MediaType => "text/markdown";

    /// <inheritdoc />
    public string FileExtension => ".md";

    /// <inheritdoc />
    public string Render(ComplianceAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var md = new StringBuilder();
        md.Append("# ").AppendLine(Escape(assessment.Title)).AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Generated {ReportText.Instant(assessment.GeneratedAt)} against the HIPAA Security Rule catalog {Escape(assessment.CatalogVersion)}.").AppendLine();

        md.AppendLine("## Coverage by safeguard").AppendLine();
        Table(md, ["Safeguard", "Satisfied", "Not satisfied", "Not assessed", "Total"], assessment.Safeguards.Select(s => new[]
        {
            s.Title, Number(s.Satisfied), Number(s.NotSatisfied), Number(s.NotAssessed), Number(s.Total),
        }));

        md.AppendLine("## Requirements").AppendLine();
        var titles = ReportText.Titles(assessment);
        Table(md, ["Citation", "Title", "R/A", "Status", "Why", "Evidence", "Findings"], assessment.Requirements.Select(r => new[]
        {
            r.Entry.Citation, r.Entry.Title, r.Entry.IsStandard ? "Standard" : r.Entry.Requirement.ToString(), ReportText.Status(r.Status),
            ReportText.Explanation(r, titles), string.Join(", ", r.CurrentEvidenceIds), string.Join(", ", r.Findings.Select(f => f.Code)),
        }));

        md.AppendLine("## Breach notification (Subpart D)").AppendLine();
        Table(md, ["Citation", "Title", "Status", "Why", "Breach assessments", "Findings"], assessment.BreachNotification.Select(b => new[]
        {
            b.Requirement.Citation, b.Requirement.Title, ReportText.Status(b.Status), ReportText.Explanation(b), string.Join(", ", b.AssessmentIds), string.Join(", ", b.Findings.Select(f => f.Code)),
        }));

        md.AppendLine("## Findings").AppendLine();
        Table(md, ["Code", "Subject", "Citation", "Owner", "Due", "Finding"], assessment.Findings.Select(f => new[]
        {
            f.Code, f.Subject, f.Citation ?? "policy", f.Owner ?? string.Empty, ReportText.Date(f.DueOn), f.Message,
        }));

        md.AppendLine("## Addressable decisions").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{assessment.Decisions.Count} decided, {assessment.PendingDecisions.Count} pending.").AppendLine();
        Table(md, ["Citation", "Outcome", "Approver", "Decided", "Next review"], assessment.Decisions.Select(d => new[]
        {
            d.Citation, d.Outcome.ToString(), d.Approver, ReportText.Date(d.DecidedOn), ReportText.Date(d.NextReviewOn),
        }));

        md.AppendLine("## Risk heat map").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Open risks by likelihood (rows) and impact (columns); scale: {Escape(assessment.RiskScaleName)}.").AppendLine();
        var levels = assessment.RiskScale.Levels;
        Table(md, ["Likelihood \\ Impact", .. levels.Select(ReportText.Level)], ReportText.Descending(assessment.RiskScale).Select(likelihood =>
            new[] { ReportText.Level(likelihood) }.Concat(levels.Select(impact => Number(assessment.GetOpenRiskCount(likelihood, impact)))).ToArray()));

        md.AppendLine("## Risks").AppendLine();
        Table(md, ["Id", "Level", "Asset", "Threat event", "Owner", "Treatment", "Status", "Due"], assessment.Risks.Select(r => new[]
        {
            r.Risk.Id, ReportText.Level(r.Level), r.Risk.Asset, r.Risk.ThreatEvent, r.Risk.Owner, r.Risk.Treatment.ToString(), r.Risk.Status.ToString(), ReportText.Date(r.Risk.DueOn),
        }));

        md.AppendLine("## Business associates").AppendLine();
        Table(md, ["Vendor", "Name", "BAA", "Renewal due", "Review due", "Executive owner", "Subcontractors"], assessment.Vendors.Select(v => new[]
        {
            v.Vendor.Id, v.Vendor.Name, ReportText.Agreement(v), ReportText.Date(v.RenewalDueOn), ReportText.Date(v.NextReviewDueOn), v.Vendor.ExecutiveOwner,
            string.Join(", ", v.Vendor.SubcontractorIds),
        }));

        md.AppendLine("## Breach assessments").AppendLine();
        Table(md, ["Assessment", "Discovered", "Conclusion", "Affected", "State", "Notices"], assessment.Breaches.Select(b => new[]
        {
            b.Assessment.Id, ReportText.Date(b.Assessment.DiscoveredOn), b.Assessment.Conclusion.ToString(), ReportText.Affected(b.Assessment), ReportText.State(b), ReportText.Notices(b),
        }));

        md.AppendLine("## Evidence freshness").AppendLine();
        Table(md, ["Evidence", "Kind", "Observation", "Outcome", "Collected", "Expires", "Fresh"], assessment.Evidence.Select(e => new[]
        {
            e.Item.Id, e.Item.Kind.ToString(), ReportText.Observation(e.Item), e.Item.Outcome.ToString(), ReportText.Instant(e.Item.CollectedAt),
            ReportText.Instant(e.Item.ExpiresAt), e.IsStale ? "Stale" : "Current",
        }));

        return md.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Table(StringBuilder md, string[] headers, IEnumerable<string[]> rows)
    {
        var any = false;
        foreach (var row in rows)
        {
            if (!any)
            {
                md.Append("| ").AppendJoin(" | ", headers.Select(Escape)).AppendLine(" |");
                md.Append('|').AppendJoin('|', headers.Select(_ => " --- ")).AppendLine("|");
                any = true;
            }

            md.Append("| ").AppendJoin(" | ", row.Select(Escape)).AppendLine(" |");
        }

        if (!any)
        {
            md.AppendLine("None.");
        }

        md.AppendLine();
    }

    /// <summary>Escapes Markdown punctuation and HTML, and folds line breaks, so a value stays plain text inside one table cell.</summary>
    internal static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\r' or '\n':
                    escaped.Append(' ');
                    break;
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' or '!':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }
}
