using System.Text.Json;
using System.Text.RegularExpressions;

namespace Telehealth.Compliance.Tests.Reports;

public sealed partial class RenderersTests
{
    private readonly ComplianceAssessment _assessment = new SampleProgram().Assess();

    [Fact]
    public void Markdown_has_every_section_and_escapes_register_text()
    {
        var renderer = new MarkdownReportRenderer();
        var md = renderer.Render(_assessment);

        Assert.Equal("text/markdown", renderer.MediaType);
        Assert.Equal(".md", renderer.FileExtension);
        Assert.StartsWith("# Clinic assessment 2026\n", md, StringComparison.Ordinal);
        foreach (var heading in new[] { "## Coverage by safeguard", "## Requirements", "## Findings", "## Addressable decisions", "## Risk heat map", "## Risks", "## Business associates", "## Evidence freshness" })
        {
            Assert.Contains($"\n{heading}\n", md, StringComparison.Ordinal);
        }

        Assert.Contains("| 164.312 Technical safeguards | 1 | ", md, StringComparison.Ordinal);
        Assert.Contains("| High | 0 | 0 | 0 | 0 | 1 |", md, StringComparison.Ordinal); // likelihood High, impact Very High
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\* \\[l\\](http://evil.example)", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.Contains("| video-relay | Vendor video-relay | Signed (active) | 2028-01-09 | 2027-02-01 |", md, StringComparison.Ordinal);
        Assert.Contains("| audit.log-verification | RuntimeMeasurement | Observation of audit.log-verification: 97.5 percent | Satisfied |", md, StringComparison.Ordinal);
        Assert.Contains("| Stale |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_escape_folds_lines_and_neutralizes_markup() =>
        Assert.Equal("a b \\# \\! &amp; \\_ \\` \\\\", MarkdownReportRenderer.Escape("a\nb # ! & _ ` \\"));

    [Fact]
    public void Html_is_self_contained_and_encodes_everything()
    {
        var renderer = new HtmlReportRenderer();
        var html = renderer.Render(_assessment);

        Assert.Equal("text/html", renderer.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);

        // The only URLs are the SVG namespace and the injected text, which is encoded inside a table cell.
        Assert.Equal(["http://evil.example", "http://www.w3.org/2000/svg"], UrlPattern().Matches(html).Select(m => m.Value.TrimEnd(')', '"')).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Html_has_the_sections_a_compliance_officer_reads()
    {
        var html = new HtmlReportRenderer().Render(_assessment);

        foreach (var id in new[] { "coverage", "heat-map", "findings", "vendors", "evidence", "decisions" })
        {
            Assert.Contains($"<section id=\"{id}\">", html, StringComparison.Ordinal);
        }

        Assert.Contains("<td>164.312 Technical safeguards</td><td>1</td>", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"not-satisfied\"><td>sms-gateway</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>2028-01-09</td><td>2027-02-01</td>", html, StringComparison.Ordinal); // renewal and review due
        Assert.Contains("<tr class=\"stale\"><td>audit.log-verification</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_heat_map_is_inline_svg_with_one_cell_per_likelihood_and_impact()
    {
        var html = new HtmlReportRenderer().Render(_assessment);

        var svg = SvgPattern().Match(html);
        Assert.True(svg.Success);
        Assert.Equal("svg", System.Xml.Linq.XDocument.Parse(svg.Value).Root!.Name.LocalName); // well-formed XML
        Assert.Equal(25, RectPattern().Count(svg.Value));
        Assert.Contains("<title>Likelihood High, impact Very High: risk Very High, 1 open</title>", svg.Value, StringComparison.Ordinal);
        Assert.Contains("<title>Likelihood Very Low, impact Very High: risk Low, 0 open</title>", svg.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_camel_case_with_enum_names_and_no_catalog_object()
    {
        var renderer = new JsonReportRenderer();
        using var json = JsonDocument.Parse(renderer.Render(_assessment));
        var root = json.RootElement;

        Assert.Equal("application/json", renderer.MediaType);
        Assert.Equal("Clinic assessment 2026", root.GetProperty("title").GetString());
        Assert.Equal("2013-omnibus", root.GetProperty("catalogVersion").GetString());
        Assert.Equal("NIST SP 800-30 Rev. 1, Table I-2", root.GetProperty("riskScaleName").GetString());
        Assert.False(root.TryGetProperty("catalog", out _));
        Assert.False(root.TryGetProperty("riskScale", out _));
        Assert.Equal(63, root.GetProperty("requirements").GetArrayLength());
        var first = root.GetProperty("requirements")[0];
        Assert.Equal("164.308(a)(1)", first.GetProperty("entry").GetProperty("citation").GetString());
        Assert.Equal("Standard", first.GetProperty("entry").GetProperty("kind").GetString());
        Assert.Equal("VeryHigh", root.GetProperty("risks")[0].GetProperty("level").GetString());
        Assert.Equal("2026-04-30", root.GetProperty("risks")[0].GetProperty("risk").GetProperty("dueOn").GetString());
        Assert.Equal(SampleProgram.Injection, root.GetProperty("vendors")[0].GetProperty("vendor").GetProperty("name").GetString());
        Assert.Equal("TH5201", root.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("code").GetString() == "TH5201").GetProperty("code").GetString());
    }

    [Fact]
    public void Renderers_reject_null()
    {
        IComplianceReportRenderer[] renderers = [new MarkdownReportRenderer(), new HtmlReportRenderer(), new JsonReportRenderer(), new OscalAssessmentResultsRenderer()];

        Assert.All(renderers, r => Assert.Throws<ArgumentNullException>("assessment", () => r.Render(null!)));
    }

    [GeneratedRegex("https?://[^\"<\\s)]+")]
    private static partial Regex UrlPattern();

    [GeneratedRegex("<svg .*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgPattern();

    [GeneratedRegex("<rect ")]
    private static partial Regex RectPattern();
}
