using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Telehealth.Media.Dtls;

namespace Telehealth.Media.Tests.Interop;

/// <summary>
/// Runs the OpenSSL command line (<c>s_server</c>, <c>s_client</c>) as the independent DTLS-SRTP
/// implementation. Missing OpenSSL skips a test locally with a reason naming it, and fails it under CI=true.
/// </summary>
internal sealed partial class OpenSslProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private OpenSslProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public static void Require()
    {
        bool available;
        try
        {
            using var version = Process.Start(new ProcessStartInfo("openssl", "version") { RedirectStandardOutput = true })!;
            version.WaitForExit();
            available = version.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            available = false;
        }

        if (!available && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("OpenSSL (the openssl command) is required under CI=true for the DTLS-SRTP interoperability tests but was not found on PATH.");
        }

        Skip.IfNot(available, "OpenSSL (the openssl command) is not installed; the DTLS-SRTP interoperability tests need it on PATH.");
    }

    /// <summary>Generates a self-signed certificate and key with OpenSSL (ECDSA P-256, or RSA 2048 when <paramref name="rsa"/>); returns its fingerprint.</summary>
    public static CertificateFingerprint GenerateCertificate(string certificatePath, string keyPath, bool rsa = false)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] key = rsa ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
        foreach (var argument in (string[])["req", "-x509", .. key, "-nodes", "-keyout", keyPath, "-out", certificatePath, "-days", "2", "-subj", "/CN=openssl-interop"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return CertificateFingerprint.Compute(certificate.RawData);
    }

    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public static OpenSslProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new OpenSslProcess(Process.Start(start)!);
    }

    /// <summary>Waits (bounded) until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (cts.IsCancellationRequested || _process.HasExited)
            {
                Assert.Fail($"OpenSSL did not print '{text}'. Its output:\n{Output}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>The profile name OpenSSL printed after "SRTP Extension negotiated, profile=".</summary>
    public string NegotiatedProfile => ProfileLine().Match(Output) is { Success: true } m ? m.Groups[1].Value : string.Empty;

    /// <summary>The exporter output OpenSSL printed after "Keying material:".</summary>
    public byte[] KeyingMaterial => KeyingMaterialLine().Match(Output) is { Success: true } m ? Convert.FromHexString(m.Groups[1].Value) : [];

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }

    [GeneratedRegex(@"SRTP Extension negotiated, profile=(\S+)")]
    private static partial Regex ProfileLine();

    [GeneratedRegex(@"Keying material: ([0-9A-F]+)")]
    private static partial Regex KeyingMaterialLine();
}
