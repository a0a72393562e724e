using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telehealth.Crypto.Pkcs11.Tests;

/// <summary><c>AddPkcs11KeyProvider</c> in a real container: options validated at start-up, and against SoftHSM2 a working keyring.</summary>
[Collection(SoftHsm2TokenGroup.Name)]
public sealed class Pkcs11RegistrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("th-pkcs11-di-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Invalid_options_fail_at_start_up_with_every_problem_in_one_message_before_anything_is_loaded()
    {
        var services = Services(o =>
        {
            o.LibraryPath = " ";
            o.TokenLabel = new string('t', 33);
            o.PinEnvironmentVariable = null;
            o.MaxSessions = 0;
        });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Equal(
            [
                "Pkcs11KeyEncryptionKeyProviderOptions.LibraryPath is required.",
                "Pkcs11KeyEncryptionKeyProviderOptions.TokenLabel must be at most 32 characters.",
                "Pkcs11KeyEncryptionKeyProviderOptions needs PinFile or PinEnvironmentVariable to say where the user PIN comes from.",
                "Pkcs11KeyEncryptionKeyProviderOptions.MaxSessions must be between 1 and 64.",
            ],
            error.Failures);
    }

    [Fact]
    public void Adding_it_twice_registers_one_provider_and_both_configurations_apply()
    {
        var services = Services(o => o.TokenLabel = "first");
        services.AddTelehealthCrypto().AddPkcs11KeyProvider(o => o.MaxSessions = 2);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<Pkcs11KeyEncryptionKeyProviderOptions>>().Value;
        Assert.Equal(("first", 2), (options.TokenLabel, options.MaxSessions));
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IKeyEncryptionKeyProvider)));
        Assert.Single(services, d => d.ServiceType == typeof(Pkcs11KeyEncryptionKeyProvider));
    }

    [SkippableFact]
    public async Task Against_SoftHSM2_the_container_encrypts_under_a_key_in_the_token_and_disposes_the_provider()
    {
        var token = SoftHsm2Token.Options();
        var services = Services(o =>
        {
            o.LibraryPath = token.LibraryPath;
            o.TokenLabel = token.TokenLabel;
            o.PinEnvironmentVariable = token.PinEnvironmentVariable;
            o.KeyLabelPrefix = token.KeyLabelPrefix;
        });
        Pkcs11KeyEncryptionKeyProvider hsm;
        await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            var keyring = provider.GetRequiredService<Keyring>();
            await keyring.InitializeAsync();
            var cipher = provider.GetRequiredService<IEnvelopeCipher>();
            var context = new EncryptionContext("tenant-1", "note", "r-1", "TREAT");
            var envelope = cipher.Encrypt("held in the token"u8, context);

            Assert.Equal("pkcs11", Assert.Single(keyring.Current.Versions).Provider);
            Assert.Equal("held in the token"u8.ToArray(), cipher.Decrypt(envelope, context));
            hsm = provider.GetRequiredService<Pkcs11KeyEncryptionKeyProvider>();
            Assert.Same(hsm, provider.GetServices<IKeyEncryptionKeyProvider>().OfType<Pkcs11KeyEncryptionKeyProvider>().Single());
            await hsm.DestroyKeyAsync(keyring.Current.Versions[0].ProviderReference);
        }

        Assert.Throws<ObjectDisposedException>(() => hsm.CreateKeyAsync("any", 1).AsTask().GetAwaiter().GetResult());
    }

    private ServiceCollection Services(Action<Pkcs11KeyEncryptionKeyProviderOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = Path.Combine(_directory, "keys");
            o.RequireAuditLog = false;
            o.Keyring.KeyringId = SoftHsm2Token.NewKeyringId();
            o.Keyring.Provider = Pkcs11KeyEncryptionKeyProvider.ProviderName;
        }).AddPkcs11KeyProvider(configure);
        return services;
    }
}
