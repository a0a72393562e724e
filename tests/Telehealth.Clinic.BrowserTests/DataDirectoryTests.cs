using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Telehealth.Compliance;

namespace Telehealth.Clinic.BrowserTests;

/// <summary>The host's state in its data directory: owner-only secrets, and what a restart keeps.</summary>
[Collection(ClinicHostGroup.Name)]
public sealed class DataDirectoryTests(ClinicFixture fixture)
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [SkippableFact]
    [UnsupportedOSPlatform("windows")]
    public void The_master_key_and_the_certificate_are_owner_only()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");
        var data = fixture.Server.DataDirectory;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(data, "master.key")));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(data, "https-development.pfx")));
    }

    [Fact]
    public void The_certificate_is_ECDSA_P256_for_loopback_and_localhost()
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(fixture.Server.DataDirectory, "https-development.pfx"), password: null);

        Assert.True(certificate.HasPrivateKey);
        using var key = certificate.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, key.ExportParameters(false).Curve.Oid.Value);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], names.EnumerateDnsNames());
        Assert.Equal(["127.0.0.1"], names.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.True(certificate.NotAfter.ToUniversalTime() > DateTime.UtcNow.AddDays(300));
    }

    [Fact]
    public async Task A_restart_on_the_same_data_directory_keeps_the_data_and_keys_and_seeds_nothing()
    {
        using var directory = new TempDirectory();
        var data = directory.Combine("data");

        string firstReport;
        string firstThumbprint;
        await using (var first = await ClinicServer.StartAsync(data))
        {
            Assert.Contains(first.Logs.Messages, m => m.StartsWith("First run: seeded the demo compliance program", StringComparison.Ordinal));
            Assert.Contains(first.Logs.Messages, m => m.Contains("(generated on this first run)", StringComparison.Ordinal));
            using var client = first.CreateClient();
            firstReport = await client.GetStringAsync("compliance/report.json");
            firstThumbprint = ThumbprintOf(data);
            AssertNoSecretsLogged(first, data);
        }

        var masterKey = await File.ReadAllBytesAsync(Path.Combine(data, "master.key"));
        await using (var second = await ClinicServer.StartAsync(data))
        {
            Assert.DoesNotContain(second.Logs.Messages, m => m.StartsWith("First run:", StringComparison.Ordinal));
            Assert.Contains(second.Logs.Messages, m => m.Contains("(kept from an earlier run)", StringComparison.Ordinal));
            using var client = second.CreateClient();
            var secondReport = await client.GetStringAsync("compliance/report.json");

            Assert.Equal(RecordsOf(firstReport, "vendors", "vendor"), RecordsOf(secondReport, "vendors", "vendor"));
            Assert.Equal(RecordsOf(firstReport, "risks", "risk"), RecordsOf(secondReport, "risks", "risk"));
            Assert.Equal(RecordsOf(firstReport, "decisions", null), RecordsOf(secondReport, "decisions", null));

            // The notes encrypted on the first run still decrypt: the keyring and its master key were reused.
            Assert.Equal(firstThumbprint, ThumbprintOf(data));
            Assert.Equal(masterKey, await File.ReadAllBytesAsync(Path.Combine(data, "master.key")));
            var cipher = second.GetRequiredService<Telehealth.Crypto.IEnvelopeCipher>();
            var notes = second.GetRequiredService<Records.FileEnvelopeStore>();
            var keys = Records.DemoVisitNotes.Keys.ToList();
            Assert.Equal(keys, await notes.ListAsync(null).Select(e => e.RecordKey).ToListAsync());
            foreach (var key in keys)
            {
                Assert.NotEmpty(await cipher.DecryptAsync(await notes.GetAsync(key), Records.DemoVisitNotes.ContextOf(key)));
            }

            AssertNoSecretsLogged(second, data);
        }

        // Each seeded record was created once; evidence was collected at each start.
        var records = new ComplianceRecords(SecurityRuleCatalog.Latest, TimeProvider.System);
        await new FileComplianceRecordStore(Path.Combine(data, "compliance")).LoadAsync(records);
        Assert.All(records.Risks.Histories, h => Assert.Single(h.Revisions));
        Assert.All(records.Vendors.Histories, h => Assert.Single(h.Revisions));
        Assert.True(records.Evidence.TryGetHistory("baa.coverage", out var evidenceHistory));
        Assert.Equal(2, evidenceHistory.Revisions.Count);
    }

    [Fact]
    public async Task An_expired_certificate_is_replaced_at_start()
    {
        using var directory = new TempDirectory();
        var data = directory.Combine("data");
        Directory.CreateDirectory(data);
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
            using var expired = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
            await File.WriteAllBytesAsync(Path.Combine(data, "https-development.pfx"), expired.Export(X509ContentType.Pkcs12));
        }

        await using var server = await ClinicServer.StartAsync(data);
        X509Certificate2? presented = null;
        using (var client = server.CreateClient(c => presented = c))
        {
            Assert.Equal("Healthy", await client.GetStringAsync("health"));
        }

        Assert.NotNull(presented);
        using (presented)
        {
            Assert.True(presented.NotAfter.ToUniversalTime() > DateTime.UtcNow.AddDays(300));
            Assert.Equal(ThumbprintOf(data), presented.Thumbprint);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(Path.Combine(data, "https-development.pfx")));
        }
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("bit-flipped")]
    public async Task A_damaged_certificate_file_is_replaced_at_start(string damage)
    {
        using var directory = new TempDirectory();
        var data = directory.Combine("data");
        Directory.CreateDirectory(data);
        byte[] valid;
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            using var certificate = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(300));
            valid = certificate.Export(X509ContentType.Pkcs12);
        }

        var damaged = damage switch
        {
            "empty" => [],
            "garbage" => RandomNumberGenerator.GetBytes(2048),
            "truncated" => valid[..(valid.Length / 2)],
            _ => Flip(valid, valid.Length / 3),
        };
        await File.WriteAllBytesAsync(Path.Combine(data, "https-development.pfx"), damaged);

        await using var server = await ClinicServer.StartAsync(data);
        using (var client = server.CreateClient(_ => { }))
        {
            Assert.Equal("Healthy", await client.GetStringAsync("health"));
        }

        Assert.NotEqual(damaged, await File.ReadAllBytesAsync(Path.Combine(data, "https-development.pfx")));
        Assert.NotEmpty(ThumbprintOf(data));
    }

    [Fact]
    public void Invalid_options_fail_at_start_up_with_every_error()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => ClinicHost.Build(
            ["--Clinic:DataDirectory= ", "--Clinic:EvidenceCollectionInterval=00:00:01"]));

        Assert.Equal(
            ["Clinic:DataDirectory must be a directory path.", "Clinic:EvidenceCollectionInterval must be between 00:01:00 and 1.00:00:00; it is 00:00:01."],
            ex.Failures);
    }

    [Theory]
    [InlineData("--urls=https://0.0.0.0:5443")]
    [InlineData("--urls=http://127.0.0.1:5080")]
    [InlineData("--https_ports=5443")]
    public void Endpoints_off_loopback_or_without_TLS_are_refused(string argument)
    {
        using var directory = new TempDirectory();
        var ex = Assert.Throws<InvalidOperationException>(() => ClinicHost.Build([$"--Clinic:DataDirectory={directory.Combine("data")}", argument]));

        Assert.Contains("loopback only", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x40;
        return copy;
    }

    private static string ThumbprintOf(string data)
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(data, "https-development.pfx"), password: null);
        return certificate.Thumbprint;
    }

    private static List<string> RecordsOf(string reportJson, string property, string? inner)
    {
        using var report = JsonDocument.Parse(reportJson);
        return [.. report.RootElement.GetProperty(property).EnumerateArray().Select(e => (inner is null ? e : e.GetProperty(inner)).GetRawText())];
    }

    /// <summary>Neither the master key nor the certificate's private key ever appears in a log message.</summary>
    private static void AssertNoSecretsLogged(ClinicServer server, string data)
    {
        var masterKey = File.ReadAllText(Path.Combine(data, "master.key")).Trim();
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(data, "https-development.pfx"), password: null, X509KeyStorageFlags.Exportable);
        using var privateKey = certificate.GetECDsaPrivateKey();
        Assert.NotNull(privateKey);
        var d = Convert.ToBase64String(privateKey.ExportParameters(includePrivateParameters: true).D!);
        var dHex = Convert.ToHexString(privateKey.ExportParameters(includePrivateParameters: true).D!);
        Assert.NotEmpty(server.Logs.Messages);
        Assert.All(server.Logs.Messages, m =>
        {
            Assert.DoesNotContain(masterKey, m, StringComparison.Ordinal);
            Assert.DoesNotContain(d, m, StringComparison.Ordinal);
            Assert.DoesNotContain(dHex, m, StringComparison.OrdinalIgnoreCase);
        });
    }
}
