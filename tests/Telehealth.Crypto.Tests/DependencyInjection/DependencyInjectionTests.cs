using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Telehealth.Crypto.Tests;

/// <summary>AddTelehealthCrypto in a real container with the real audit log, file keyring store and local provider.</summary>
public sealed class DependencyInjectionTests : IDisposable
{
    private static readonly ServiceProviderOptions Validated = new() { ValidateOnBuild = true, ValidateScopes = true };
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Round_trip_after_the_hosted_service_initialized_the_keyring()
    {
        await using var provider = Services().BuildServiceProvider(Validated);
        var hosted = provider.GetServices<IHostedService>().ToList();
        Assert.NotEmpty(hosted);
        Assert.False(File.Exists(Path.Combine(KeyDirectory, "default.keyring.json")));

        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        Assert.True(File.Exists(Path.Combine(KeyDirectory, "default.keyring.json")));
        var keyring = provider.GetRequiredService<Keyring>();
        var version = Assert.Single(keyring.Current.Versions);
        Assert.Equal((1, KeyEncryptionKeyState.Primary, LocalKeyEncryptionKeyProvider.ProviderName), (version.Version, version.State, version.Provider));

        var cipher = provider.GetRequiredService<IEnvelopeCipher>();
        Assert.Same(provider.GetRequiredService<EnvelopeCipher>(), cipher);
        var envelope = cipher.Encrypt("a visit note"u8, Contexts.Note());
        Assert.Equal("a visit note", Encoding.UTF8.GetString(cipher.Decrypt(envelope, Contexts.Note())));
        Assert.Equal("a visit note", Encoding.UTF8.GetString(await cipher.DecryptAsync(await cipher.EncryptAsync(Encoding.UTF8.GetBytes("a visit note"), Contexts.Note()), Contexts.Note())));
        Assert.Equal(1, EnvelopeInfo.Read(envelope).KeyVersion);

        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_synchronous_api_works_on_first_use_without_a_started_host_and_the_subject_store_is_registered()
    {
        await using var provider = Services(o => o.EnableSubjectKeys = true).BuildServiceProvider(Validated);
        var cipher = provider.GetRequiredService<IEnvelopeCipher>();
        var context = Contexts.Note(subject: "patient-1");
        var envelope = cipher.Encrypt("first use"u8, context);
        Assert.Equal("first use", Encoding.UTF8.GetString(cipher.Decrypt(envelope, context)));

        var subjects = provider.GetRequiredService<SubjectKeyStore>();
        Assert.True(await subjects.DestroyAsync("clinic-a", "patient-1"));
        Assert.Equal("TH2008", Assert.Throws<CryptoException>(() => cipher.Decrypt(envelope, context)).Code);
    }

    [Fact]
    public async Task Logging_added_after_AddTelehealthCrypto_receives_the_packages_logs()
    {
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        var services = WithoutAuditLog(logging: false, o =>
        {
            o.Keyring.PropagationDelay = TimeSpan.Zero;
            o.Keyring.RefreshInterval = TimeSpan.Zero;
        });
        services.AddLogging(b => b.AddProvider(new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(logs)));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ILoggerFactory) && d.ImplementationType == typeof(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory));
        await using var provider = services.BuildServiceProvider(Validated);

        var keyring = provider.GetRequiredService<Keyring>();
        await keyring.InitializeAsync();
        await keyring.PromoteAsync((await keyring.AddPendingVersionAsync()).Version);

        Assert.Contains(logs.GetSnapshot(), r => r.Message == "Keyring default version 2 is now Primary.");
    }

    [Fact]
    public async Task Without_any_logging_registered_the_package_still_builds_and_logs_nowhere()
    {
        await using var provider = WithoutAuditLog(logging: false).BuildServiceProvider(Validated);

        Assert.Null(provider.GetService<ILoggerFactory>());
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
            await service.StopAsync(CancellationToken.None);
        }

        var cipher = provider.GetRequiredService<IEnvelopeCipher>();
        Assert.Equal("x"u8.ToArray(), cipher.Decrypt(cipher.Encrypt("x"u8, Contexts.Note()), Contexts.Note()));
        Assert.NotNull(provider.GetRequiredService<IntegrityKeyStore>());
    }

    [Fact]
    public async Task UseKeyringStore_replaces_whatever_store_was_registered_and_the_last_call_wins()
    {
        var first = new FileKeyringStore(_dir.Combine("first"));
        var last = new FileKeyringStore(_dir.Combine("last"));
        var services = Services(crypto: builder =>
        {
            builder.Services.AddSingleton<IKeyringStore>(new FileKeyringStore(_dir.Combine("registered-by-hand")));
            builder.UseKeyringStore(_ => first).UseKeyringStore(_ => last);
        });
        await using var provider = services.BuildServiceProvider(Validated);

        Assert.Same(last, Assert.Single(provider.GetServices<IKeyringStore>()));
    }

    [Fact]
    public async Task Calling_AddTelehealthCrypto_twice_registers_one_local_provider()
    {
        var services = Services();
        services.AddTelehealthCrypto();
        await using var provider = services.BuildServiceProvider(Validated);
        Assert.Single(provider.GetServices<IKeyEncryptionKeyProvider>());
        Assert.NotNull(provider.GetRequiredService<Keyring>());
    }

    [Fact]
    public async Task Without_an_audit_log_the_cipher_is_refused_while_RequireAuditLog_is_on()
    {
        await using var provider = WithoutAuditLog(logging: true, o => o.RequireAuditLog = true).BuildServiceProvider(Validated);

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IEnvelopeCipher>());
        Assert.Equal(
            "Telehealth.Crypto writes key operations to the audit log: register one with AddTelehealthAudit, or set CryptoOptions.RequireAuditLog to false.",
            ex.Message);
    }

    [Fact]
    public async Task Without_an_audit_log_the_cipher_works_when_RequireAuditLog_is_off()
    {
        await using var provider = WithoutAuditLog(logging: true).BuildServiceProvider(Validated);

        var cipher = provider.GetRequiredService<IEnvelopeCipher>();
        var envelope = cipher.Encrypt("a visit note"u8, Contexts.Note());
        Assert.Equal("a visit note", Encoding.UTF8.GetString(cipher.Decrypt(envelope, Contexts.Note())));
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_up_with_every_error()
    {
        var services = Services(o =>
        {
            o.KeyDirectory = " ";
            o.Keyring.RefreshInterval = TimeSpan.FromMinutes(10);
            o.Keyring.PropagationDelay = TimeSpan.FromMinutes(1);
            o.Cipher.DataKeyCaching.Enabled = true;
            o.Cipher.DataKeyCaching.MaxMessages = (1L << 32) + 1;
        });
        await using var provider = services.BuildServiceProvider(Validated);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(
            [
                "CryptoOptions.KeyDirectory is required.",
                "KeyringOptions.PropagationDelay must be at least RefreshInterval, or nodes could encrypt under a key others have not read.",
                "DataKeyCachingOptions.MaxMessages must be between 1 and 2^32.",
            ],
            ex.Failures);
        Assert.Equal(string.Join("; ", ex.Failures), ex.Message);
    }

    [Fact]
    public async Task Options_at_their_limits_pass_validation()
    {
        var services = Services(o =>
        {
            o.Keyring.RefreshInterval = TimeSpan.FromMinutes(5);
            o.Keyring.PropagationDelay = TimeSpan.FromMinutes(5);
            o.Cipher.DataKeyCaching.Enabled = true;
            o.Cipher.DataKeyCaching.MaxMessages = 1L << 32;
        });
        await using var provider = services.BuildServiceProvider(Validated);

        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task Each_invalid_option_has_its_message(string expected, Action<CryptoOptions> configure)
    {
        await using var provider = Services(configure).BuildServiceProvider(Validated);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CryptoOptions>>().Value);
        Assert.Equal([expected], ex.Failures);
    }

    public static TheoryData<string, Action<CryptoOptions>> InvalidOptions() => new()
    {
        { "CryptoOptions needs MasterKeyEnvironmentVariable or MasterKeyFile.", o => { o.MasterKeyFile = null; o.MasterKeyEnvironmentVariable = ""; } },
        { "CryptoOptions.RotationCheckInterval must be at least 1 second.", o => o.RotationCheckInterval = TimeSpan.FromMilliseconds(999) },
        { "KeyringOptions.KeyringId must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.", o => o.Keyring.KeyringId = "bad id" },
        { "KeyringOptions.Provider is required.", o => o.Keyring.Provider = "" },
        { "KeyringOptions.RotationPeriod must be between 1 hour and 3650 days.", o => o.Keyring.RotationPeriod = TimeSpan.FromMinutes(59) },
        { "KeyringOptions.PropagationDelay must be shorter than RotationPeriod.", o => { o.Keyring.RotationPeriod = TimeSpan.FromHours(1); o.Keyring.PropagationDelay = TimeSpan.FromHours(1); } },
        { "EnvelopeCipherOptions.Suite is required.", o => o.Cipher.Suite = null! },
        { "EnvelopeCipherOptions.Suite XChaCha20-Poly1305/HKDF-SHA256/commit is not in AllowedSuites.", o => { o.Cipher.Suite = AlgorithmSuite.XChaCha20Poly1305HkdfSha256; o.Cipher.AllowedSuites.Add(AlgorithmSuite.Aes256GcmHkdfSha256); } },
        { "EnvelopeCipherOptions.MaxAuditedDecryptionFailuresPerMinute must be between 1 and 1,000,000.", o => o.Cipher.MaxAuditedDecryptionFailuresPerMinute = 0 },
        { "DataKeyCachingOptions.MaxAge must be between 0 (exclusive) and 1 day.", o => { o.Cipher.DataKeyCaching.Enabled = true; o.Cipher.DataKeyCaching.MaxAge = TimeSpan.Zero; } },
        { "DataKeyCachingOptions.MaxMessages must be between 1 and 2^32.", o => { o.Cipher.DataKeyCaching.Enabled = true; o.Cipher.DataKeyCaching.MaxMessages = 0; } },
        { "DataKeyCachingOptions.MaxBytes must be positive.", o => { o.Cipher.DataKeyCaching.Enabled = true; o.Cipher.DataKeyCaching.MaxBytes = 0; } },
        { "DataKeyCachingOptions.MaxDecryptionEntries must be between 1 and 1,000,000.", o => { o.Cipher.DataKeyCaching.Enabled = true; o.Cipher.DataKeyCaching.MaxDecryptionEntries = 1_000_001; } },
    };

    [Fact]
    public async Task A_created_master_key_file_is_owner_only_and_reused_on_the_next_start()
    {
        byte[] envelope;
        string masterKeyText;
        await using (var first = Services().BuildServiceProvider(Validated))
        {
            await first.GetRequiredService<Keyring>().InitializeAsync();
            envelope = first.GetRequiredService<IEnvelopeCipher>().Encrypt("a visit note"u8, Contexts.Note());
            masterKeyText = await File.ReadAllTextAsync(MasterKeyFile);
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(MasterKeyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(KeyDirectory, "default.keyring.json")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(KeyDirectory));
        }

        Assert.Equal(32, Convert.FromBase64String(masterKeyText.Trim()).Length);
        Assert.DoesNotContain(masterKeyText.Trim(), await File.ReadAllTextAsync(Path.Combine(KeyDirectory, "default.keyring.json")), StringComparison.Ordinal);

        await using var second = Services().BuildServiceProvider(Validated);
        await second.GetRequiredService<Keyring>().InitializeAsync();
        Assert.Equal("a visit note", Encoding.UTF8.GetString(second.GetRequiredService<IEnvelopeCipher>().Decrypt(envelope, Contexts.Note())));
        Assert.Equal(masterKeyText, await File.ReadAllTextAsync(MasterKeyFile));
    }

    [Fact]
    public async Task A_missing_master_key_variable_fails_with_TH2040_when_first_used()
    {
        var variable = "TELEHEALTH_CRYPTO_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        await using var provider = Services(o =>
        {
            o.MasterKeyFile = null;
            o.MasterKeyEnvironmentVariable = variable;
        }).BuildServiceProvider(Validated);

        provider.GetRequiredService<IStartupValidator>().Validate();
        var keyring = provider.GetRequiredService<Keyring>();
        var cipher = provider.GetRequiredService<IEnvelopeCipher>();

        var ex = await Assert.ThrowsAsync<CryptoException>(() => keyring.InitializeAsync().AsTask());
        Assert.Equal("TH2040", ex.Code);
        Assert.Equal($"TH2040: The local keystore master key is unavailable: environment variable {variable} is not set.", ex.Message);
        Assert.False(File.Exists(Path.Combine(KeyDirectory, "default.keyring.json")));
        Assert.Equal("TH2040", Assert.Throws<CryptoException>(() => cipher.Encrypt("a visit note"u8, Contexts.Note())).Code);
    }

    [Fact]
    public async Task An_added_key_provider_creates_new_versions_when_the_keyring_names_it()
    {
        using var second = new SecondProvider();
        await using var provider = Services(o => o.Keyring.Provider = "second", crypto => crypto.AddKeyProvider(_ => second))
            .BuildServiceProvider(Validated);

        var keyring = provider.GetRequiredService<Keyring>();
        await keyring.InitializeAsync();
        var cipher = provider.GetRequiredService<IEnvelopeCipher>();
        var envelope = cipher.Encrypt("a visit note"u8, Contexts.Note());

        Assert.Equal("second", Assert.Single(keyring.Current.Versions).Provider);
        Assert.Equal(1, second.Wraps);
        Assert.Equal("a visit note", Encoding.UTF8.GetString(cipher.Decrypt(envelope, Contexts.Note())));
        Assert.False(File.Exists(MasterKeyFile));
    }

    [Fact]
    public async Task A_keyring_naming_an_unregistered_provider_fails_with_TH2042()
    {
        await using var provider = Services(o => o.Keyring.Provider = "pkcs11").BuildServiceProvider(Validated);

        var ex = Assert.Throws<CryptoException>(() => provider.GetRequiredService<Keyring>());
        Assert.Equal("TH2042", ex.Code);
    }

    [Fact]
    public async Task UseKeyringStore_replaces_the_file_store_in_the_key_directory()
    {
        var elsewhere = new FileKeyringStore(_dir.Combine("shared-keys"));
        await using var provider = Services(crypto: crypto => crypto.UseKeyringStore(_ => elsewhere)).BuildServiceProvider(Validated);

        Assert.Same(elsewhere, provider.GetRequiredService<IKeyringStore>());
        await provider.GetRequiredService<Keyring>().InitializeAsync();
        var cipher = provider.GetRequiredService<IEnvelopeCipher>();
        var envelope = cipher.Encrypt("a visit note"u8, Contexts.Note());

        Assert.Equal("a visit note", Encoding.UTF8.GetString(cipher.Decrypt(envelope, Contexts.Note())));
        Assert.True(File.Exists(_dir.Combine(Path.Combine("shared-keys", "default.keyring.json"))));
        Assert.False(Directory.Exists(KeyDirectory));
        Assert.Single(provider.GetServices<IKeyringStore>());
    }

    private string KeyDirectory => _dir.Combine("keys");

    private string MasterKeyFile => _dir.Combine("master.key");

    /// <summary>The package alone: no audit log (<see cref="CryptoOptions.RequireAuditLog"/> off unless configured), and logging only when asked.</summary>
    private ServiceCollection WithoutAuditLog(bool logging, Action<CryptoOptions>? configure = null)
    {
        var services = new ServiceCollection();
        if (logging)
        {
            services.AddLogging();
        }

        services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = KeyDirectory;
            o.MasterKeyFile = MasterKeyFile;
            o.CreateMasterKeyFileIfMissing = true;
            o.RequireAuditLog = false;
            configure?.Invoke(o);
        });
        return services;
    }

    private ServiceCollection Services(Action<CryptoOptions>? configure = null, Action<TelehealthCryptoBuilder>? crypto = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_dir.Combine("audit"));
        var builder = services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = KeyDirectory;
            o.MasterKeyFile = MasterKeyFile;
            o.CreateMasterKeyFileIfMissing = true;
            configure?.Invoke(o);
        });
        crypto?.Invoke(builder);
        return services;
    }
}
