using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.Playwright;

namespace Telehealth.Compliance.Tests.Reports;

/// <summary>
/// The HTML report in headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by Playwright; no browser is
/// downloaded): the structure a compliance officer reads is visible, the page requests nothing, and a screenshot of it
/// is a real picture.
/// </summary>
public sealed class HtmlReportChromiumTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] SectionHeadings =
        ["Coverage by safeguard", "Risk heat map", "Findings", "Business associate agreements", "Evidence freshness", "Addressable decisions"];

    [SkippableFact]
    public async Task The_report_renders_in_headless_Chromium()
    {
        RequireChromium();
        var program = new SampleProgram();
        var assessment = program.Assess();
        var html = new HtmlReportRenderer().Render(assessment);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var requests = new List<string>();
        var dialogs = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        await page.RouteAsync("**/*", async route =>
        {
            requests.Add(route.Request.Url);
            await route.AbortAsync();
        });

        await page.SetContentAsync(html, new PageSetContentOptions { WaitUntil = WaitUntilState.Load });

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

        // The BAA inventory: one row per vendor; register text shows as text, and its markup never runs.
        var vendorRows = page.Locator("#vendors tbody tr");
        Assert.Equal(assessment.Vendors.Select(v => v.Vendor.Id), await vendorRows.Locator("td:first-child").AllInnerTextsAsync());
        Assert.Equal("not-satisfied", await page.Locator("#vendors tbody tr", new PageLocatorOptions { HasText = "sms-gateway" }).GetAttributeAsync("class"));
        Assert.Contains(SampleProgram.Injection, await page.Locator("#vendors").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.Empty(dialogs);

        Assert.Empty(requests);

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
        Assert.Empty(requests);
    }

    /// <summary>Skips where Chromium is simply not installed; under CI a missing browser is a failure, never a skip.</summary>
    private static void RequireChromium()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"CI must provide Chromium at {ChromiumPath}.");
        Skip.If(true, $"Chromium is not installed locally at {ChromiumPath}; install Debian's 'chromium' package to run this test.");
    }

    /// <summary>A minimal decoder for the 8-bit, non-interlaced RGB and RGBA PNGs Chromium writes.</summary>
    private sealed class Png
    {
        private readonly byte[] _pixels;
        private readonly int _channels;

        private Png(int width, int height, int channels, byte[] pixels)
        {
            Width = width;
            Height = height;
            _channels = channels;
            _pixels = pixels;
        }

        public int Width { get; }

        public int Height { get; }

        public static Png Decode(byte[] png)
        {
            Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG");
            int width = 0, height = 0, channels = 0;
            using var compressed = new MemoryStream();
            for (var offset = 8; offset < png.Length;)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
                var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
                var data = png.AsSpan(offset + 8, length);
                if (type == "IHDR")
                {
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]); // bit depth
                    Assert.Equal(0, data[12]); // no interlacing
                    channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"PNG color type {data[9]} is not RGB or RGBA.") };
                }
                else if (type == "IDAT")
                {
                    compressed.Write(data);
                }

                offset += 12 + length;
            }

            Assert.True(width > 0 && height > 0, "the PNG has no size");
            compressed.Position = 0;
            using var inflated = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
            {
                zlib.CopyTo(inflated);
            }

            return new Png(width, height, channels, Unfilter(inflated.ToArray(), width, height, channels));
        }

        public int DistinctColors()
        {
            var colors = new HashSet<int>();
            for (var i = 0; i < _pixels.Length; i += _channels)
            {
                colors.Add((_pixels[i] << 16) | (_pixels[i + 1] << 8) | _pixels[i + 2]);
            }

            return colors.Count;
        }

        public bool Contains(byte red, byte green, byte blue)
        {
            for (var i = 0; i < _pixels.Length; i += _channels)
            {
                if (_pixels[i] == red && _pixels[i + 1] == green && _pixels[i + 2] == blue)
                {
                    return true;
                }
            }

            return false;
        }

        private static byte[] Unfilter(byte[] data, int width, int height, int channels)
        {
            var stride = width * channels;
            var pixels = new byte[stride * height];
            for (var y = 0; y < height; y++)
            {
                var filter = data[y * (stride + 1)];
                var source = data.AsSpan((y * (stride + 1)) + 1, stride);
                var row = pixels.AsSpan(y * stride, stride);
                var up = y == 0 ? new byte[stride] : pixels.AsSpan((y - 1) * stride, stride);
                for (var x = 0; x < stride; x++)
                {
                    int a = x >= channels ? row[x - channels] : 0, b = up[x], c = x >= channels ? up[x - channels] : 0;
                    var predictor = filter switch
                    {
                        0 => 0,
                        1 => a,
                        2 => b,
                        3 => (a + b) / 2,
                        4 => Paeth(a, b, c),
                        _ => throw new InvalidDataException($"PNG filter {filter} is not defined."),
                    };
                    row[x] = (byte)(source[x] + predictor);
                }
            }

            return pixels;
        }

        private static int Paeth(int a, int b, int c)
        {
            var p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
