using System.Net;
using System.Text.Json;
using Telehealth.Clinic.Compliance;
using Telehealth.Clinic.Https;

namespace Telehealth.Clinic.BrowserTests;

/// <summary>The host's endpoints over real HTTPS, with a client that pins the host's development certificate.</summary>
[Collection(ClinicHostGroup.Name)]
public sealed class EndpointTests(ClinicFixture fixture)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "/", "text/html; charset=utf-8" },
        { "/compliance/report", "text/html; charset=utf-8" },
        { "/compliance/report.md", "text/markdown; charset=utf-8" },
        { "/compliance/report.json", "application/json; charset=utf-8" },
        { "/compliance/oscal/catalog.json", "application/json; charset=utf-8" },
        { "/compliance/oscal/assessment-results.json", "application/json; charset=utf-8" },
        { "/compliance/oscal/poam.json", "application/json; charset=utf-8" },
        { "/health", "text/plain" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_endpoint_answers_200_with_its_content_type_and_the_security_headers(string path, string contentType)
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync(path.TrimStart('/'));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task An_unknown_path_is_404_with_the_security_headers()
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync("compliance/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task The_JSON_reports_parse_and_hold_the_demo_program()
    {
        using var client = fixture.Server.CreateClient();

        using var report = JsonDocument.Parse(await client.GetStringAsync("compliance/report.json"));
        var vendors = report.RootElement.GetProperty("vendors").EnumerateArray().Select(v => v.GetProperty("vendor").GetProperty("id").GetString()).ToList();
        Assert.Contains("sms-gateway", vendors);
        Assert.Contains(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "TH5201");

        using var catalog = JsonDocument.Parse(await client.GetStringAsync("compliance/oscal/catalog.json"));
        Assert.Equal("1.2.1", catalog.RootElement.GetProperty("catalog").GetProperty("metadata").GetProperty("oscal-version").GetString());
        Assert.NotEmpty(catalog.RootElement.GetProperty("catalog").GetProperty("groups").EnumerateArray());

        using var results = JsonDocument.Parse(await client.GetStringAsync("compliance/oscal/assessment-results.json"));
        var result = Assert.Single(results.RootElement.GetProperty("assessment-results").GetProperty("results").EnumerateArray());
        Assert.NotEmpty(result.GetProperty("observations").EnumerateArray());
        Assert.NotEmpty(result.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task Evidence_comes_from_the_running_system()
    {
        using var client = fixture.Server.CreateClient();
        using var report = JsonDocument.Parse(await client.GetStringAsync("compliance/report.json"));

        var evidence = report.RootElement.GetProperty("evidence").EnumerateArray()
            .ToDictionary(e => e.GetProperty("item").GetProperty("id").GetString()!, e => e.GetProperty("item").GetProperty("outcome").GetString());
        Assert.Equal("Satisfied", evidence["audit.log-verification"]);
        Assert.Equal("Satisfied", evidence["crypto.encryption-coverage"]);
        Assert.Equal("Satisfied", evidence["crypto.kek.primary-age"]);
        Assert.Equal("NotSatisfied", evidence["baa.coverage"]); // sms-gateway receives PHI without an agreement
    }

    [Fact]
    public async Task The_assessment_results_link_the_catalog_the_host_serves_and_every_finding_targets_a_statement_in_it()
    {
        using var client = fixture.Server.CreateClient();
        var resultsUrl = new Uri(fixture.Server.BaseAddress, "compliance/oscal/assessment-results.json");
        using var results = JsonDocument.Parse(await client.GetStringAsync(resultsUrl));
        var root = results.RootElement.GetProperty("assessment-results");

        // import-ap points into the back matter, whose link, resolved against the results' own address, is the catalog.
        var href = root.GetProperty("import-ap").GetProperty("href").GetString()!;
        Assert.StartsWith("#", href, StringComparison.Ordinal);
        var plan = root.GetProperty("back-matter").GetProperty("resources").EnumerateArray().Single(r => r.GetProperty("uuid").GetString() == href[1..]);
        var catalogUrl = new Uri(resultsUrl, plan.GetProperty("rlinks")[0].GetProperty("href").GetString());
        Assert.Equal(new Uri(fixture.Server.BaseAddress, "compliance/oscal/catalog.json"), catalogUrl);
        using var catalog = JsonDocument.Parse(await client.GetStringAsync(catalogUrl));

        var statements = Controls(catalog.RootElement.GetProperty("catalog")).Select(c => c.GetProperty("parts")[0].GetProperty("id").GetString()).ToHashSet(StringComparer.Ordinal);
        var findings = root.GetProperty("results")[0].GetProperty("findings").EnumerateArray().ToArray();
        Assert.NotEmpty(findings);
        Assert.All(findings, f =>
        {
            Assert.Equal("statement-id", f.GetProperty("target").GetProperty("type").GetString());
            Assert.Contains(f.GetProperty("target").GetProperty("target-id").GetString(), statements);
        });
    }

    [Fact]
    public async Task The_plan_of_action_and_milestones_holds_the_demo_findings_with_owners_and_milestones()
    {
        using var client = fixture.Server.CreateClient();
        using var poam = JsonDocument.Parse(await client.GetStringAsync("compliance/oscal/poam.json"));
        var root = poam.RootElement.GetProperty("plan-of-action-and-milestones");

        var titles = root.GetProperty("poam-items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToArray();
        Assert.Contains(titles, t => t.StartsWith("TH5201 sms-gateway", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("TH5224 " + DemoComplianceData.HighRiskId, StringComparison.Ordinal));
        var owners = root.GetProperty("metadata").GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Contains("Practice manager", owners); // the executive owner of sms-gateway
        Assert.All(root.GetProperty("risks").EnumerateArray().Where(r => r.TryGetProperty("remediations", out _)), r =>
            Assert.Equal("milestone", r.GetProperty("remediations")[0].GetProperty("tasks")[0].GetProperty("type").GetString()));
    }

    private static IEnumerable<JsonElement> Controls(JsonElement catalog) =>
        catalog.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("controls").EnumerateArray())
            .SelectMany(c => new[] { c }.Concat(c.TryGetProperty("controls", out var children) ? children.EnumerateArray() : []));

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("default-src 'none'", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", SecurityHeaders.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.False(response.Headers.Contains("Server"), "the Server header names the web server");
    }
}
