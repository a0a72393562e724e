
namespace Telehealth.PublicApi.Tests;

/// <summary>
/// Compares a generated public API with its approved file and explains a difference as a
/// line diff. With <c>TELEHEALTH_ACCEPT_API=1</c> (never under <c>CI=true</c>) the approved file
/// is overwritten instead, so the change shows up in the commit for review.
/// </summary>
internal static class ApiApproval
{
    public static void Verify(string package, string generatedApi)
    {
        var approvedPath = Path.Combine(ApprovedDirectory(), package + ".approved.txt");
        var receivedPath = Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt";
        var received = Normalize(generatedApi);
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : string.Empty;

        if (received == approved)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Environment.GetEnvironmentVariable("TELEHEALTH_ACCEPT_API") == "1"
            && Environment.GetEnvironmentVariable("CI") != "true")
        {
            File.WriteAllText(approvedPath, received);
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        var message = string.Join(
            '\n',
            $"The public API of {package} differs from {Path.GetFileName(approvedPath)}.",
            "Lines starting with '-' are approved but gone; '+' are new and unapproved.",
            LineDiff.Describe(approved, received),
            $"If the change is deliberate, run the tests with TELEHEALTH_ACCEPT_API=1 or copy {receivedPath} over the approved file, and commit it.");
        Assert.Fail(message);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string ApprovedDirectory() => RepositoryFiles.PathOf("tests", "Telehealth.PublicApi.Tests", "Approved");
}
