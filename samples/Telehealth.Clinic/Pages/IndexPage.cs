using System.Net;
using System.Text;

namespace Telehealth.Clinic.Pages;

/// <summary>The host's start page: what it is and where the reports are. Static HTML, no script.</summary>
internal static class IndexPage
{
    /// <summary>The reports the page links to: path, title, and what it is.</summary>
    public static readonly IReadOnlyList<(string Path, string Title, string Description)> Links =
    [
        ("/compliance/report", "Compliance report", "HTML: coverage by safeguard, breach notification, risk heat map, findings with owners and due dates, business associate agreements, breach assessments, evidence, decisions."),
        ("/compliance/report.md", "Compliance report (Markdown)", "The same assessment as Markdown tables."),
        ("/compliance/report.json", "Compliance report (JSON)", "The same assessment as JSON."),
        ("/compliance/oscal/catalog.json", "OSCAL catalog", "The HIPAA Security Rule and Breach Notification Rule catalog as an OSCAL 1.2.1 catalog."),
        ("/compliance/oscal/assessment-results.json", "OSCAL assessment results", "The assessment as OSCAL 1.2.1 assessment results, linking the catalog above."),
        ("/compliance/oscal/poam.json", "OSCAL plan of action and milestones", "The open findings with owners and due dates as an OSCAL 1.2.1 POA&M."),
        ("/health", "Health", "Liveness of the host."),
    ];

    /// <summary>Renders the page.</summary>
    /// <returns>The HTML.</returns>
    public static string Render()
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.AppendLine("<title>Telehealth Clinic (sample)</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:50rem;color:#1b1b1b}li{margin:.4rem 0}"
            + ".note{background:#fff3cd;padding:.5rem .75rem;border-left:4px solid #e0a800}</style>");
        html.AppendLine("</head><body>");
        html.AppendLine("<h1>Telehealth Clinic (sample)</h1>");
        html.AppendLine("<p>A sample host composing the Telehealth SDK: an audit log, envelope encryption with a keyring, and a "
            + "HIPAA Security Rule compliance program with evidence collected from the running system.</p>");
        html.AppendLine("<p class=\"note\">Demo data only, no sign-in yet, bound to this machine's loopback address.</p>");
        html.AppendLine("<h2>Reports</h2>");
        html.AppendLine("<ul>");
        foreach (var (path, title, description) in Links)
        {
            html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(path)).Append("\">").Append(WebUtility.HtmlEncode(title)).Append("</a>: ")
                .Append(WebUtility.HtmlEncode(description)).AppendLine("</li>");
        }

        html.AppendLine("</ul>");
        html.AppendLine("</body></html>");
        return html.ToString();
    }
}
