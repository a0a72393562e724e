using System.Globalization;
using System.Net;
using System.Text;

namespace Telehealth.Compliance;

/// <summary>
/// Renders an assessment as one self-contained HTML page for a compliance officer: coverage by safeguard, breach
/// notification, the risk heat map as inline SVG, findings, business associate agreements with their due dates, breach
/// assessments with their notices, evidence freshness, risks and decisions. The page loads nothing: styles are inline, there is no script, and a Content-Security-Policy forbids
/// every external source. Every value from the registers is HTML-encoded.
/// </summary>
public sealed class HtmlReportRenderer : IComplianceReportRenderer
{
    private const int Cell = 64;
    private const int Axis = 96;

    /// <inheritdoc />
    public string MediaType => "text/html";

    /// <inheritdoc />
    public string FileExtension => ".html";

    /// <inheritdoc />
    public string Render(ComplianceAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(E(assessment.Title)).AppendLine("</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse;margin:0 0 1.5rem}"
            + "th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f0f0f0}"
            + ".satisfied{background:#dff0d8}.not-satisfied{background:#f8d7da}.not-assessed{background:#f4f4f4}.stale{background:#fff3cd}"
            + "section{margin-bottom:2rem}caption{text-align:left;font-weight:600;padding:.3rem 0}</style>");
        html.AppendLine("</head><body>");
        html.Append("<h1>").Append(E(assessment.Title)).AppendLine("</h1>");
        html.Append("<p>Generated ").Append(E(ReportText.Instant(assessment.GeneratedAt))).Append(" against the HIPAA Security Rule catalog ")
            .Append(E(assessment.CatalogVersion)).AppendLine(".</p>");

        Section(html, "coverage", "Coverage by safeguard");
        Table(html, ["Safeguard", "Satisfied", "Not satisfied", "Not assessed", "Total"], assessment.Safeguards.Select(s => Row(null,
            s.Title, N(s.Satisfied), N(s.NotSatisfied), N(s.NotAssessed), N(s.Total))));
        var titles = ReportText.Titles(assessment);
        Table(html, ["Citation", "Title", "R/A", "Status", "Why", "Current evidence", "Findings"], assessment.Requirements.Select(r => Row(
            StatusClass(r.Status),
            r.Entry.Citation, r.Entry.Title, r.Entry.IsStandard ? "Standard" : r.Entry.Requirement.ToString(), ReportText.Status(r.Status),
            ReportText.Explanation(r, titles), string.Join(", ", r.CurrentEvidenceIds), string.Join(", ", r.Findings.Select(f => f.Code)))));
        html.AppendLine("</section>");

        Section(html, "breach-notification", "Breach notification (Subpart D)");
        Table(html, ["Citation", "Title", "Status", "Why", "Breach assessments", "Findings"], assessment.BreachNotification.Select(b => Row(
            StatusClass(b.Status), b.Requirement.Citation, b.Requirement.Title, ReportText.Status(b.Status), ReportText.Explanation(b), string.Join(", ", b.AssessmentIds), string.Join(", ", b.Findings.Select(f => f.Code)))));
        html.AppendLine("</section>");

        Section(html, "heat-map", "Risk heat map");
        html.Append("<p>Open risks by likelihood and impact; scale: ").Append(E(assessment.RiskScaleName)).AppendLine(".</p>");
        HeatMap(html, assessment);
        Table(html, ["Id", "Level", "Asset", "Threat source", "Threat event", "Vulnerability", "Owner", "Treatment", "Status", "Due"], assessment.Risks.Select(r => Row(null,
            r.Risk.Id, ReportText.Level(r.Level), r.Risk.Asset, r.Risk.ThreatSource, r.Risk.ThreatEvent, r.Risk.Vulnerability, r.Risk.Owner,
            r.Risk.Treatment.ToString(), r.Risk.Status.ToString(), ReportText.Date(r.Risk.DueOn))));
        html.AppendLine("</section>");

        Section(html, "findings", "Findings");
        Table(html, ["Code", "Subject", "Citation", "Owner", "Due", "Finding"], assessment.Findings.Select(f => Row(null,
            f.Code, f.Subject, f.Citation ?? "policy", f.Owner ?? string.Empty, ReportText.Date(f.DueOn), f.Message)));
        html.AppendLine("</section>");

        Section(html, "vendors", "Business associate agreements");
        Table(html, ["Vendor", "Name", "Services", "PHI types", "BAA", "Signed", "Renewal due", "Review due", "Executive owner", "Subcontractors"], assessment.Vendors.Select(v => Row(
            v.HasActiveAgreement ? null : "not-satisfied",
            v.Vendor.Id, v.Vendor.Name, string.Join(", ", v.Vendor.Services), string.Join(", ", v.Vendor.PhiTypes), ReportText.Agreement(v),
            ReportText.Date(v.Vendor.Agreement?.SignedOn), ReportText.Date(v.RenewalDueOn), ReportText.Date(v.NextReviewDueOn), v.Vendor.ExecutiveOwner,
            string.Join(", ", v.Vendor.SubcontractorIds))));
        html.AppendLine("</section>");

        Section(html, "breaches", "Breach assessments");
        Table(html, ["Assessment", "Discovered", "Conclusion", "Affected", "State", "Notices"], assessment.Breaches.Select(b => Row(
            b.IsOverdue ? "not-satisfied" : b.State == BreachNotificationState.Notified ? "satisfied" : null,
            b.Assessment.Id, ReportText.Date(b.Assessment.DiscoveredOn), b.Assessment.Conclusion.ToString(), ReportText.Affected(b.Assessment), ReportText.State(b), ReportText.Notices(b))));
        html.AppendLine("</section>");

        Section(html, "evidence", "Evidence freshness");
        Table(html, ["Evidence", "Kind", "Observation", "Outcome", "Source", "Collected", "Expires", "Fresh"], assessment.Evidence.Select(e => Row(
            e.IsStale ? "stale" : null,
            e.Item.Id, e.Item.Kind.ToString(), ReportText.Observation(e.Item), e.Item.Outcome.ToString(), e.Item.Source,
            ReportText.Instant(e.Item.CollectedAt), ReportText.Instant(e.Item.ExpiresAt), e.IsStale ? "Stale" : "Current")));
        html.AppendLine("</section>");

        Section(html, "decisions", "Addressable decisions");
        html.Append("<p>").Append(N(assessment.Decisions.Count)).Append(" decided, ").Append(N(assessment.PendingDecisions.Count)).AppendLine(" pending.</p>");
        Table(html, ["Citation", "Outcome", "Rationale", "Approver", "Decided", "Next review"], assessment.Decisions.Select(d => Row(null,
            d.Citation, d.Outcome.ToString(), d.Rationale, d.Approver, ReportText.Date(d.DecidedOn), ReportText.Date(d.NextReviewOn))));
        html.AppendLine("</section>");

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void HeatMap(StringBuilder html, ComplianceAssessment assessment)
    {
        var levels = assessment.RiskScale.Levels;
        var rows = ReportText.Descending(assessment.RiskScale);
        var width = Axis + (levels.Count * Cell);
        var height = (rows.Count * Cell) + Axis;
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">");
        html.Append("<title>Open risks by likelihood (rows) and impact (columns)</title>");
        for (var row = 0; row < rows.Count; row++)
        {
            var y = row * Cell;
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Axis - 6}\" y=\"{y + (Cell / 2) + 4}\" text-anchor=\"end\">{E(ReportText.Level(rows[row]))}</text>");
            for (var column = 0; column < levels.Count; column++)
            {
                var x = Axis + (column * Cell);
                var level = assessment.RiskScale.GetRiskLevel(rows[row], levels[column]);
                var count = assessment.GetOpenRiskCount(rows[row], levels[column]);
                html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"{Color(level)}\" stroke=\"#ffffff\"><title>{E($"Likelihood {ReportText.Level(rows[row])}, impact {ReportText.Level(levels[column])}: risk {ReportText.Level(level)}, {count} open")}</title></rect>");
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (Cell / 2)}\" y=\"{y + (Cell / 2) + 5}\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">{count}</text>");
            }
        }

        var axisY = rows.Count * Cell;
        for (var column = 0; column < levels.Count; column++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Axis + (column * Cell) + (Cell / 2)}\" y=\"{axisY + 18}\" text-anchor=\"middle\">{E(ReportText.Level(levels[column]))}</text>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Axis + (levels.Count * Cell / 2)}\" y=\"{axisY + 44}\" text-anchor=\"middle\" font-weight=\"bold\">Impact</text>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{axisY + 44}\" font-weight=\"bold\">Likelihood ↑</text>");
        html.AppendLine("</svg>");
    }

    private static string Color(RiskLevel level) => level switch
    {
        RiskLevel.VeryLow => "#c6e5b1",
        RiskLevel.Low => "#e4efa1",
        RiskLevel.Moderate => "#ffe08a",
        RiskLevel.High => "#f8a66b",
        _ => "#e8685a",
    };

    private static string StatusClass(CoverageStatus status) => status switch
    {
        CoverageStatus.Satisfied => "satisfied",
        CoverageStatus.NotSatisfied => "not-satisfied",
        _ => "not-assessed",
    };

    private static void Section(StringBuilder html, string id, string title) =>
        html.Append("<section id=\"").Append(id).Append("\"><h2>").Append(E(title)).AppendLine("</h2>");

    private static string[] Row(string? cssClass, params string[] cells) => [cssClass ?? string.Empty, .. cells];

    private static void Table(StringBuilder html, string[] headers, IEnumerable<string[]> rows)
    {
        var body = new StringBuilder();
        foreach (var row in rows)
        {
            body.Append(row[0].Length == 0 ? "<tr>" : $"<tr class=\"{row[0]}\">");
            foreach (var cell in row.Skip(1))
            {
                body.Append("<td>").Append(E(cell)).Append("</td>");
            }

            body.AppendLine("</tr>");
        }

        if (body.Length == 0)
        {
            html.AppendLine("<p>None.</p>");
            return;
        }

        html.Append("<table><thead><tr>");
        foreach (var header in headers)
        {
            html.Append("<th>").Append(E(header)).Append("</th>");
        }

        html.AppendLine("</tr></thead><tbody>").Append(body).AppendLine("</tbody></table>");
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
