using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>UsePostgreSqlKeyringStore in a real container, with the keyring in a real PostgreSQL database.</summary>
public sealed class PostgreSqlKeyringStoreRegistrationTests(PostgreSqlTestDatabase database) : IClassFixture<PostgreSqlTestDatabase>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public async Task The_keyring_lives_in_the_registered_store_and_the_hosted_service_initializes_it()
    {
        var schema = database.NewSchema();
        var services = Services(o =>
        {
            o.ConnectionString = schema.ConnectionString;
            o.Schema = schema.Schema;
            o.CommandTimeout = TimeSpan.FromSeconds(30);
        });

        await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            var store = Assert.IsType<PostgreSqlKeyringStore>(provider.GetRequiredService<IKeyringStore>());
            Assert.Same(store, provider.GetRequiredService<IKeyringStore>());
            Assert.Equal(TimeSpan.FromSeconds(30), provider.GetRequiredService<IOptions<PostgreSqlKeyringStoreOptions>>().Value.CommandTimeout);

            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }

            var cipher = provider.GetRequiredService<IEnvelopeCipher>();
            var context = new EncryptionContext("clinic-a", "visit-note", "note-1", "storage");
            Assert.Equal("registered"u8.ToArray(), cipher.Decrypt(cipher.Encrypt("registered"u8, context), context));
            Assert.False(File.Exists(Path.Combine(_dir.Combine("keys"), "default.keyring.json")));

            foreach (var hosted in provider.GetServices<IHostedService>().Reverse())
            {
                await hosted.StopAsync(CancellationToken.None);
            }
        }

        // The container disposed the store; a fresh one sees the keyring the host created.
        await using var reopened = new PostgreSqlKeyringStore(schema);
        var stored = await reopened.LoadAsync("default");
        Assert.Equal(KeyEncryptionKeyState.Primary, Assert.Single(stored!.Versions).State);
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_with_the_exact_message()
    {
        await using var provider = Services(o => o.Schema = "telehealth").BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal("PostgreSqlKeyringStoreOptions.ConnectionString is required.", error.Message);
        var resolve = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IKeyringStore>());
        Assert.Equal("PostgreSqlKeyringStoreOptions.ConnectionString is required.", resolve.Message);
    }

    [Fact]
    public void UsePostgreSqlKeyringStore_checks_its_arguments_and_replaces_the_file_store_once()
    {
        Assert.Throws<ArgumentNullException>("builder", () => TelehealthCryptoPostgreSqlBuilderExtensions.UsePostgreSqlKeyringStore(null!, _ => { }));
        var builder = new ServiceCollection().AddTelehealthCrypto();
        Assert.Throws<ArgumentNullException>("configure", () => builder.UsePostgreSqlKeyringStore(null!));

        builder.UsePostgreSqlKeyringStore(o => o.ConnectionString = "Host=127.0.0.1").UsePostgreSqlKeyringStore(o => o.Schema = "keys_b");
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IKeyringStore));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IValidateOptions<PostgreSqlKeyringStoreOptions>));
    }

    private ServiceCollection Services(Action<PostgreSqlKeyringStoreOptions> store)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_dir.Combine("audit"));
        services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = _dir.Combine("keys");
            o.MasterKeyFile = _dir.Combine("master.key");
            o.CreateMasterKeyFileIfMissing = true;
        })
        .UsePostgreSqlKeyringStore(store);
        return services;
    }
}
