using System.Diagnostics;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace Telehealth.Crypto.Tests.Integrity;

/// <summary>
/// Signatures made by <see cref="SigningKey"/> verified by an independent implementation, the
/// OpenSSL command line. Skipped when openssl is not installed, except under CI=true where that fails.
/// </summary>
public sealed class OpenSslInteropTests : IDisposable
{
    private static readonly byte[] Ed25519SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");
    private static readonly byte[] Order = Encoding.UTF8.GetBytes("ORDER|2026-11-23|lab:cbc|patient:p-102|ordered-by:npi-1234567893\n");

    private readonly string _directory = Directory.CreateTempSubdirectory("th-openssl-").FullName;

    [SkippableFact]
    public void OpenSsl_VerifiesOurEd25519Signature()
    {
        RequireOpenSsl();
        using var signer = SigningKey.Generate(SigningAlgorithm.Ed25519, "rx-openssl");
        var value = signer.Sign(Order);
        var publicKey = Pem([.. Ed25519SpkiPrefix, .. signer.PublicKey.Export()]);

        var accepted = Run("pkeyutl", "-verify", "-pubin", "-inkey", Write("ed.pem", publicKey), "-rawin", "-in", Write("order.bin", Order), "-sigfile", Write("ed.sig", Raw(value)));
        var rejected = Run("pkeyutl", "-verify", "-pubin", "-inkey", Path.Combine(_directory, "ed.pem"), "-rawin", "-in", Write("tampered.bin", [.. Order, 0x20]), "-sigfile", Path.Combine(_directory, "ed.sig"));

        Assert.True(accepted.ExitCode == 0, accepted.Output);
        Assert.Contains("Signature Verified Successfully", accepted.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, rejected.ExitCode);
    }

    [SkippableFact]
    public void OpenSsl_VerifiesOurEcdsaP256Signature()
    {
        RequireOpenSsl();
        using var signer = SigningKey.Generate(SigningAlgorithm.EcdsaP256Sha256, "orders-openssl");
        var value = signer.Sign(Order);
        var publicKey = Pem(signer.PublicKey.Export());

        var accepted = Run("dgst", "-sha256", "-verify", Write("ec.pem", publicKey), "-signature", Write("ec.sig", ToDer(Raw(value))), Write("order.bin", Order));
        var rejected = Run("dgst", "-sha256", "-verify", Path.Combine(_directory, "ec.pem"), "-signature", Path.Combine(_directory, "ec.sig"), Write("tampered.bin", [.. Order, 0x20]));

        Assert.True(accepted.ExitCode == 0, accepted.Output);
        Assert.Contains("Verified OK", accepted.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, rejected.ExitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void RequireOpenSsl()
    {
        bool available;
        try
        {
            available = Run("version").ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            available = false;
        }

        if (!available && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("openssl is required under CI=true for the interoperability tests but was not found on PATH.");
        }

        Skip.IfNot(available, "openssl is not installed; the OpenSSL interoperability tests need it on PATH.");
    }

    private static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.GetAwaiter().GetResult() + error);
    }

    private static byte[] Raw(byte[] value) => value[^64..];

    private static byte[] Pem(byte[] subjectPublicKeyInfo) => Encoding.ASCII.GetBytes(PemEncoding.WriteString("PUBLIC KEY", subjectPublicKeyInfo) + "\n");

    private static byte[] ToDer(byte[] p1363)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(p1363.AsSpan(0, 32));
            writer.WriteIntegerUnsigned(p1363.AsSpan(32, 32));
        }

        return writer.Encode();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
