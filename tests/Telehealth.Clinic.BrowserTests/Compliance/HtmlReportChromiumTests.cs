using Microsoft.Playwright;
using Telehealth.Clinic.Compliance;

namespace Telehealth.Clinic.BrowserTests.Compliance;

/// <summary>
/// The HTML report served by the running clinic host, in headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by
/// Playwright; no browser is downloaded): the structure a compliance officer reads is visible, the page requests nothing
/// beyond itself from the host's own origin, and a screenshot of it is a real picture.
/// </summary>
[Collection(ClinicHostGroup.Name)]
public sealed class HtmlReportChromiumTests(ClinicFixture fixture)
{
    private static readonly string[] SectionHeadings =
        ["Coverage by safeguard", "Breach notification (Subpart D)", "Risk heat map", "Findings", "Business associate agreements", "Breach assessments", "Evidence freshness", "Addressable decisions"];

    [SkippableFact]
    public async Task The_report_renders_in_headless_Chromium()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var server = fixture.Server;
        var assessment = await server.GetRequiredService<ComplianceWorkspace>().AssessAsync(CancellationToken.None);
        var reportUrl = new Uri(server.BaseAddress, "compliance/report").ToString();

        var page = await chromium.NewPageAsync();
        var requests = new List<string>();
        var foreignRequests = new List<string>();
        var dialogs = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(server.Origin + "/", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
                return;
            }

            foreignRequests.Add(route.Request.Url);
            await route.AbortAsync();
        });

        var response = await page.GotoAsync(reportUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);

        Assert.Equal(assessment.Title, await page.TitleAsync());
        Assert.True(await page.Locator("h1").IsVisibleAsync());
        Assert.Equal(SectionHeadings, await page.Locator("section > h2").AllInnerTextsAsync());
        foreach (var heading in SectionHeadings)
        {
            Assert.True(await page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = heading, Exact = true }).IsVisibleAsync(), heading);
        }

        // One visible row per safeguard, in regulation order.
        var safeguardRows = page.Locator("#coverage table").First.Locator("tbody tr");
        Assert.Equal(assessment.Safeguards.Count, await safeguardRows.CountAsync());
        Assert.Equal(assessment.Safeguards.Select(s => s.Title), await safeguardRows.Locator("td:first-child").AllInnerTextsAsync());
        Assert.True(await safeguardRows.Last.IsVisibleAsync());

        // The heat map: inline SVG with one cell per likelihood and impact, laid out with a real size.
        var heatMap = page.Locator("#heat-map svg");
        Assert.True(await heatMap.IsVisibleAsync());
        var levels = assessment.RiskScale.Levels.Count;
        Assert.Equal(levels * levels, await heatMap.Locator("rect").CountAsync());
        var box = await heatMap.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width > 300 && box.Height > 300, $"heat map is {box.Width}x{box.Height}");
        Assert.Contains("Likelihood High, impact Very High: risk Very High, 1 open", await heatMap.Locator("rect > title").AllTextContentsAsync());

        // The BAA inventory: one row per vendor; the vendor without an agreement is flagged; register text with markup
        // characters shows as text, and its markup never becomes elements or runs.
        var vendorRows = page.Locator("#vendors tbody tr");
        Assert.Equal(assessment.Vendors.Select(v => v.Vendor.Id), await vendorRows.Locator("td:first-child").AllInnerTextsAsync());
        Assert.Equal("not-satisfied", await page.Locator("#vendors tbody tr", new PageLocatorOptions { HasText = DemoComplianceData.VendorWithoutAgreement }).GetAttributeAsync("class"));
        Assert.Contains(DemoComplianceData.VendorWithoutAgreementName, await page.Locator("#vendors").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#vendors sms").CountAsync());
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Empty(dialogs);

        // Nothing but the report itself was requested (a browser may also ask the host for its favicon).
        Assert.Empty(foreignRequests);
        Assert.Equal([reportUrl], requests.Where(u => !u.EndsWith("/favicon.ico", StringComparison.Ordinal)).Distinct());

        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "compliance-report.png"), FullPage = true });
        var picture = Png.Decode(png);
        Assert.Equal(1280, picture.Width);
        Assert.True(picture.Height > 900, $"a full-page screenshot of the whole report is taller than the viewport, got {picture.Height}");
        Assert.True(picture.DistinctColors() > 16, "the screenshot is (nearly) a single color");

        // The heat map's cells are painted in their risk colors: very high (#e8685a) and very low (#c6e5b1).
        var heatMapPicture = Png.Decode(await heatMap.ScreenshotAsync());
        Assert.True(heatMapPicture.Contains(0xe8, 0x68, 0x5a));
        Assert.True(heatMapPicture.Contains(0xc6, 0xe5, 0xb1));
        Assert.Empty(foreignRequests);
        Assert.Empty(dialogs);
    }
}
