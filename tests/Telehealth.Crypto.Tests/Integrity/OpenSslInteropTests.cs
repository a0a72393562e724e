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

    [SkippableFact]
    public void We_VerifyOpenSslEd25519Signature()
    {
        RequireOpenSsl();
        var key = Path.Combine(_directory, "ed-key.pem");
        var publicKey = Path.Combine(_directory, "ed-pub.der");
        var signature = Path.Combine(_directory, "ed-openssl.sig");
        Assert.Equal(0, Run("genpkey", "-algorithm", "ed25519", "-out", key).ExitCode);
        Assert.Equal(0, Run("pkey", "-in", key, "-pubout", "-outform", "DER", "-out", publicKey).ExitCode);
        Assert.Equal(0, Run("pkeyutl", "-sign", "-inkey", key, "-rawin", "-in", Write("order.bin", Order), "-out", signature).ExitCode);

        var spki = File.ReadAllBytes(publicKey);
        Assert.Equal(Ed25519SpkiPrefix, spki[..^32]);
        using var trusted = VerificationKey.ImportEd25519("openssl-ed", spki.AsSpan(spki.Length - 32));
        byte[] value = [0x01, 0x01, 10, .. "openssl-ed"u8, .. File.ReadAllBytes(signature)];

        var keys = new VerificationKeySet([trusted]);
        Assert.True(keys.Verify(Order, value).IsValid);
        Assert.Equal(SignatureVerificationFailure.BadSignature, keys.Verify([.. Order, 0x20], value).Failure);
    }

    [SkippableFact]
    public void We_VerifyOpenSslEcdsaP256Signature()
    {
        RequireOpenSsl();
        var key = Path.Combine(_directory, "ec-key.pem");
        var publicKey = Path.Combine(_directory, "ec-pub.der");
        var signature = Path.Combine(_directory, "ec-openssl.sig");
        Assert.Equal(0, Run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key).ExitCode);
        Assert.Equal(0, Run("ec", "-in", key, "-pubout", "-outform", "DER", "-out", publicKey).ExitCode);
        Assert.Equal(0, Run("dgst", "-sha256", "-sign", key, "-out", signature, Write("order.bin", Order)).ExitCode);

        using var trusted = VerificationKey.ImportEcdsaP256("openssl-ec", File.ReadAllBytes(publicKey));
        byte[] value = [0x01, 0x02, 10, .. "openssl-ec"u8, .. FromDer(File.ReadAllBytes(signature))];

        var keys = new VerificationKeySet([trusted]);
        Assert.True(keys.Verify(Order, value).IsValid);
        Assert.Equal(SignatureVerificationFailure.BadSignature, keys.Verify([.. Order, 0x20], value).Failure);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void RequireOpenSsl() => ExternalTool.Require("openssl", "version");

    private static (int ExitCode, string Output) Run(params string[] arguments) => ExternalTool.Run("openssl", null, arguments);

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

    private static byte[] FromDer(byte[] der)
    {
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var p1363 = new byte[64];
        for (var offset = 0; offset < 64; offset += 32)
        {
            var integer = sequence.ReadIntegerBytes().Span.TrimStart((byte)0);
            integer.CopyTo(p1363.AsSpan(offset + 32 - integer.Length));
        }

        return p1363;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
