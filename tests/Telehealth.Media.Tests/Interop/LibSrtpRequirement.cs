namespace Telehealth.Media.Tests.Interop;

/// <summary>Whether the interoperability tests can run: libsrtp2 (<see cref="LibSrtp"/>) loaded and initialized.</summary>
internal static class LibSrtpRequirement
{
    /// <summary>Skips the test when libsrtp2 is missing on a developer machine; fails it under <c>CI=true</c>, where <c>.ci/run</c> installs it.</summary>
    public static void RequireOrSkip()
    {
        if (LibSrtp.IsAvailable)
        {
            return;
        }

        var reason = $"libsrtp2 ({LibSrtp.Library}, Debian package libsrtp2-1) is not installed or could not be initialized.";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(reason + " Under CI it is required.");
        }

        Skip.If(true, reason);
    }
}
