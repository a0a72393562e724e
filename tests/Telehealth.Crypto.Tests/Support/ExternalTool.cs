using System.Diagnostics;

namespace Telehealth.Crypto.Tests;

/// <summary>
/// Runs an independent implementation installed on the machine (openssl, node) for interoperability
/// tests. Missing tools skip the test locally with a reason naming the tool, and fail it under CI=true.
/// </summary>
internal static class ExternalTool
{
    public static void Require(string tool, string versionArgument)
    {
        bool available;
        try
        {
            available = Run(tool, null, versionArgument).ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            available = false;
        }

        if (!available && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{tool} is required under CI=true for the interoperability tests but was not found on PATH.");
        }

        Skip.IfNot(available, $"{tool} is not installed; the interoperability tests need it on PATH.");
    }

    public static (int ExitCode, string Output) Run(string tool, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.GetAwaiter().GetResult() + error);
    }
}
