using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telehealth.Crypto;
using Telehealth.Crypto.Pkcs11;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the PKCS#11 key provider to Telehealth.Crypto.</summary>
public static class TelehealthCryptoPkcs11BuilderExtensions
{
    /// <summary>
    /// Adds the <see cref="Pkcs11KeyEncryptionKeyProvider"/> (provider name <c>pkcs11</c>) beside the local
    /// provider, with <see cref="Pkcs11KeyEncryptionKeyProviderOptions"/> validated at start-up: invalid
    /// options fail the host's start with one message listing every problem, before any library is
    /// loaded. The provider opens the token when the keyring first needs it and is disposed with the
    /// container. Select it for new key versions with <c>o.Keyring.Provider = "pkcs11"</c>. Calling it
    /// again adds no second provider: the options of both calls apply, in order.
    /// </summary>
    /// <param name="builder">The crypto builder from <c>services.AddTelehealthCrypto(...)</c>.</param>
    /// <param name="configure">Configures the provider options; <see cref="Pkcs11KeyEncryptionKeyProviderOptions.TokenLabel"/> is required.</param>
    /// <returns>The builder, for further configuration.</returns>
    public static TelehealthCryptoBuilder AddPkcs11KeyProvider(this TelehealthCryptoBuilder builder, Action<Pkcs11KeyEncryptionKeyProviderOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services.AddOptionsWithValidateOnStart<Pkcs11KeyEncryptionKeyProviderOptions>().Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Pkcs11KeyEncryptionKeyProviderOptions>, Pkcs11KeyEncryptionKeyProviderOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new Pkcs11KeyEncryptionKeyProvider(sp.GetRequiredService<IOptions<Pkcs11KeyEncryptionKeyProviderOptions>>().Value));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyEncryptionKeyProvider, Pkcs11KeyEncryptionKeyProvider>(sp => sp.GetRequiredService<Pkcs11KeyEncryptionKeyProvider>()));
        return builder;
    }
}
