using Microsoft.Playwright;

namespace Telehealth.Clinic.BrowserTests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>), headless, driven by Playwright; no browser is ever downloaded. Pages
/// accept the host's self-signed development certificate.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        RequireChromium();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox"],
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public Task<IPage> NewPageAsync() => Browser.NewPageAsync(new BrowserNewPageOptions
    {
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        IgnoreHTTPSErrors = true,
    });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    /// <summary>Skips where Chromium is simply not installed; under CI a missing browser is a failure, never a skip.</summary>
    private static void RequireChromium()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"CI must provide Chromium at {ExecutablePath}.");
        Skip.If(true, $"Chromium is not installed locally at {ExecutablePath}; install Debian's 'chromium' package to run this test.");
    }
}
