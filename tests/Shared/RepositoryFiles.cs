namespace Telehealth.Testing;

/// <summary>
/// Finds files of the repository from a test's output directory (not via [CallerFilePath]: CI builds
/// map source paths), and keeps README quickstarts equal to the code that tests run.
/// </summary>
internal static class RepositoryFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Sdk.sln was not found above the test output directory; run the tests from a checkout of the repository.");
    }

    public static string PathOf(params string[] parts) => Path.Combine([Root(), .. parts]);

    /// <summary>
    /// Asserts that the first <c>```csharp</c> block after the README's "## Quickstart" heading equals the
    /// lines between <c>// quickstart:begin</c> and <c>// quickstart:end</c> in the test source.
    /// </summary>
    public static void AssertQuickstartMatches(string testSourcePath, string readmePath)
    {
        var testSource = File.ReadAllLines(testSourcePath);
        var begin = Array.FindIndex(testSource, l => l.Trim() == "// quickstart:begin");
        var end = Array.FindIndex(testSource, l => l.Trim() == "// quickstart:end");
        Assert.True(begin >= 0 && end > begin, "the test source has no quickstart markers");
        var indent = testSource[begin].IndexOf('/', StringComparison.Ordinal);
        var expected = testSource[(begin + 1)..end].Select(l => l.Length >= indent ? l[indent..] : l.TrimStart());

        var readme = File.ReadAllLines(readmePath);
        var section = Array.FindIndex(readme, l => l == "## Quickstart");
        Assert.True(section >= 0, "the README has no '## Quickstart' section");
        var open = Array.FindIndex(readme, section, l => l == "```csharp");
        var close = Array.FindIndex(readme, open + 1, l => l == "```");
        Assert.Equal(expected, readme[(open + 1)..close]);
    }
}
