using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>The README Quickstart, run against a real PostgreSQL database, and kept equal to the README.</summary>
public sealed class ReadmeQuickstartTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task Quickstart_runs()
    {
        var connectionString = database.ConnectionString;
        var auditDirectory = _dir.Combine("audit");
        var keyDirectory = _dir.Combine("keys");
        var masterKeyFile = _dir.Combine("master.key");

        // quickstart:begin
        var services = new ServiceCollection();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(auditDirectory);
        services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = keyDirectory;
            o.MasterKeyFile = masterKeyFile; // development only; every node needs the same master key
            o.CreateMasterKeyFileIfMissing = true;
        })
        .UsePostgreSqlKeyringStore(o => o.ConnectionString = connectionString);

        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Keyring>().InitializeAsync(); // a host's StartAsync does this
        var cipher = provider.GetRequiredService<IEnvelopeCipher>();
        var context = new EncryptionContext("clinic-a", "visit-note", "note-7f3c", "storage");
        var envelope = cipher.Encrypt("BP 128/82, recheck in 2 weeks"u8, context);
        // quickstart:end

        Assert.Equal("BP 128/82, recheck in 2 weeks", Encoding.UTF8.GetString(cipher.Decrypt(envelope, context)));
        await using var store = new PostgreSqlKeyringStore(new PostgreSqlKeyringStoreOptions { ConnectionString = connectionString });
        Assert.Equal(1, (await store.LoadAsync("default"))!.FindPrimary()!.Version);
    }

    [Fact]
    public void Readme_shows_the_quickstart_that_runs() =>
        RepositoryFiles.AssertQuickstartMatches(
            RepositoryFiles.PathOf("tests", "Telehealth.Crypto.PostgreSql.Tests", "ReadmeQuickstartTests.cs"),
            RepositoryFiles.PathOf("src", "Telehealth.Crypto.PostgreSql", "README.md"));
}
