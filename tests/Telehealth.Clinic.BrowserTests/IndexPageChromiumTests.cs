using Microsoft.Playwright;
using Telehealth.Clinic.Compliance;
using Telehealth.Clinic.Pages;

namespace Telehealth.Clinic.BrowserTests;

/// <summary>The start page of the running clinic host in headless Chromium: every link it shows leads somewhere real.</summary>
[Collection(ClinicHostGroup.Name)]
public sealed class IndexPageChromiumTests(ClinicFixture fixture)
{
    [SkippableFact]
    public async Task Every_link_on_the_index_page_works()
    {
        await using var chromium = await Chromium.LaunchAsync();
        var server = fixture.Server;
        var page = await chromium.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);

        var response = await page.GotoAsync(server.BaseAddress.ToString());
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("Telehealth Clinic (sample)", await page.TitleAsync());

        var links = page.Locator("ul a");
        Assert.Equal(IndexPage.Links.Select(l => l.Title), await links.AllInnerTextsAsync());
        var hrefs = new List<string>();
        for (var i = 0; i < await links.CountAsync(); i++)
        {
            hrefs.Add(await links.Nth(i).GetAttributeAsync("href") ?? string.Empty);
        }

        Assert.Equal(IndexPage.Links.Select(l => l.Path), hrefs);
        foreach (var href in hrefs)
        {
            // Through the browser's own network stack, so the browser resolves the link as a person's click would.
            var linked = await page.APIRequest.GetAsync(new Uri(server.BaseAddress, href).ToString());
            Assert.True(linked.Status == 200, $"{href} answered {linked.Status}");
            Assert.NotEmpty(await linked.BodyAsync());
        }

        // Following the first link shows the HTML report.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Compliance report", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Uri(server.BaseAddress, "compliance/report").ToString());
        Assert.Equal(ComplianceWorkspace.AssessmentTitle, await page.TitleAsync());
        Assert.Empty(dialogs);
    }
}
