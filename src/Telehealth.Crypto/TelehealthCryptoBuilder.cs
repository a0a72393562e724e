using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Telehealth.Crypto;

/// <summary>
/// Chained configuration of <c>AddTelehealthCrypto</c>: key providers and the keyring store. <c>Add*</c>
/// methods add beside what is registered; <c>Use*</c> methods replace it (the last call wins).
/// </summary>
public sealed class TelehealthCryptoBuilder
{
    internal TelehealthCryptoBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds a key provider (for example the PKCS#11 provider or a KMS adapter); select it for new versions
    /// with <see cref="KeyringOptions.Provider"/>. Existing versions keep the provider they were created with.
    /// </summary>
    /// <param name="factory">Creates the provider.</param>
    /// <returns>This builder.</returns>
    public TelehealthCryptoBuilder AddKeyProvider(Func<IServiceProvider, IKeyEncryptionKeyProvider> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.AddSingleton(factory);
        return this;
    }

    /// <summary>
    /// Replaces the keyring store, for example with a shared database store instead of the embedded file
    /// store. Like every <c>Use*</c> method of the SDK's builders, it replaces: whatever store was
    /// registered before is removed, and the last call wins.
    /// </summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    public TelehealthCryptoBuilder UseKeyringStore(Func<IServiceProvider, IKeyringStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<IKeyringStore>();
        Services.AddSingleton(factory);
        return this;
    }
}
