using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Telehealth.Audit;

namespace Telehealth.Crypto.Tests;

/// <summary>The README Quickstart runs as written against a real audit log and key store, and the README shows exactly this code.</summary>
public sealed class ReadmeQuickstartTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Quickstart_runs()
    {
        var auditDirectory = _dir.Combine("audit");
        var keyDirectory = _dir.Combine("keys");
        var masterKeyFile = _dir.Combine("master.key");

        // quickstart:begin
        var services = new ServiceCollection().AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(auditDirectory);
        services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = keyDirectory;
            o.MasterKeyFile = masterKeyFile; // development only; see "Key providers"
            o.CreateMasterKeyFileIfMissing = true;
        });

        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Keyring>().InitializeAsync(); // a host's StartAsync does this
        var cipher = provider.GetRequiredService<IEnvelopeCipher>();
        var context = new EncryptionContext("clinic-a", "visit-note", "note-7f3c", "storage");
        var envelope = cipher.Encrypt("BP 128/82, recheck in 2 weeks"u8, context);
        Console.WriteLine(Encoding.UTF8.GetString(cipher.Decrypt(envelope, context))); // BP 128/82, recheck in 2 weeks
        // quickstart:end

        Assert.Equal("BP 128/82, recheck in 2 weeks", Encoding.UTF8.GetString(cipher.Decrypt(envelope, context)));
        Assert.Equal(-1, envelope.AsSpan().IndexOf("recheck"u8));
        Assert.True(File.Exists(masterKeyFile));

        var actions = new List<(string Action, AuditResource Resource)>();
        await foreach (var stored in provider.GetRequiredService<IAuditStore>().ReadAsync(0))
        {
            var record = AuditEntry.Decode(stored.Data.Span).Record;
            actions.Add((record.Action, record.Resource));
        }

        Assert.Contains(("crypto.key.created", new AuditResource("crypto-key", "default/v1")), actions);
        Assert.Contains(("crypto.key.promoted", new AuditResource("crypto-key", "default/v1")), actions);
    }

    [Fact]
    public void Readme_shows_the_quickstart_that_runs() =>
        RepositoryFiles.AssertQuickstartMatches(
            RepositoryFiles.PathOf("tests", "Telehealth.Crypto.Tests", "ReadmeQuickstartTests.cs"),
            RepositoryFiles.PathOf("src", "Telehealth.Crypto", "README.md"));
}
