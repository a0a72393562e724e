using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telehealth.Audit;
using Telehealth.Crypto;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Telehealth envelope encryption and key management.</summary>
public static class TelehealthCryptoServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEnvelopeCipher"/> over a <see cref="Keyring"/> with validated <see cref="CryptoOptions"/>:
    /// the embedded file keyring store in <see cref="CryptoOptions.KeyDirectory"/>, the local key provider
    /// sealed under the master key, the <see cref="SubjectKeyStore"/> (used by the cipher when
    /// <see cref="CryptoOptions.EnableSubjectKeys"/> is set), the <see cref="IntegrityKeyStore"/> of managed
    /// HMAC, token and signing keys (in the <c>integrity</c> folder of the key directory), and a hosted service that initializes the
    /// keyring at start-up and runs scheduled rotation. The keyring's census, keyring-wide rewrap job and retirement checks
    /// cover the subject keys, the integrity keys and every <see cref="IEnvelopeStore"/> registered in the container
    /// (named by its <see cref="object.ToString"/>). Key operations are written to the registered
    /// <c>IAuditLog</c> (required unless <see cref="CryptoOptions.RequireAuditLog"/> is turned off).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>A builder for key providers and the keyring store.</returns>
    public static TelehealthCryptoBuilder AddTelehealthCrypto(this IServiceCollection services, Action<CryptoOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptionsWithValidateOnStart<CryptoOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CryptoOptions>, CryptoOptionsValidator>());

        // Logging and the clock belong to the host: they are resolved when present, never registered here,
        // so a container that adds logging after this call still gets the package's logs.
        services.TryAddSingleton<IKeyringStore>(sp => new FileKeyringStore(sp.GetRequiredService<IOptions<CryptoOptions>>().Value.KeyDirectory));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IKeyEncryptionKeyProvider, LocalKeyEncryptionKeyProvider>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CryptoOptions>>().Value;
            // Not cached on failure, so fixing the variable or file takes effect without a restart.
            return new LocalKeyEncryptionKeyProvider(new Lazy<LocalMasterKey>(
                () => o.MasterKeyFile is { Length: > 0 } file
                    ? LocalMasterKey.FromFile(file, o.CreateMasterKeyFileIfMissing)
                    : LocalMasterKey.FromEnvironment(o.MasterKeyEnvironmentVariable),
                LazyThreadSafetyMode.PublicationOnly));
        }));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CryptoOptions>>().Value;
            var keyring = new Keyring(
                sp.GetRequiredService<IKeyringStore>(),
                sp.GetServices<IKeyEncryptionKeyProvider>(),
                o.Keyring,
                TimeOf(sp),
                AuditLogOf(sp, o),
                sp.GetService<ILogger<Keyring>>());

            // Resolved when a census or a retirement needs them, not now: they depend on the keyring themselves.
            keyring.AddDependents(() => new KeyringDependents(
                [
                    (KeyVersionCensus.IntegrityKeysSource, sp.GetRequiredService<IntegrityKeyStore>()),
                    .. sp.GetServices<IEnvelopeStore>().Select(store => (store.ToString() ?? store.GetType().Name, store)),
                ],
                [sp.GetRequiredService<SubjectKeyStore>()]));
            return keyring;
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CryptoOptions>>().Value;
            return new SubjectKeyStore(Path.Combine(o.KeyDirectory, "subjects"), sp.GetRequiredService<Keyring>(), TimeOf(sp), AuditLogOf(sp, o));
        });
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CryptoOptions>>().Value;
            var subjectKeys = o.EnableSubjectKeys ? sp.GetRequiredService<SubjectKeyStore>() : null;
            return new EnvelopeCipher(sp.GetRequiredService<Keyring>(), o.Cipher, subjectKeys, TimeOf(sp), AuditLogOf(sp, o), sp.GetService<ILogger<EnvelopeCipher>>());
        });
        services.TryAddSingleton<IEnvelopeCipher>(sp => sp.GetRequiredService<EnvelopeCipher>());
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CryptoOptions>>().Value;
            return new IntegrityKeyStore(Path.Combine(o.KeyDirectory, "integrity"), sp.GetRequiredService<IEnvelopeCipher>(), TimeOf(sp), AuditLogOf(sp, o));
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, KeyRotationService>(sp => new KeyRotationService(
            sp.GetRequiredService<Keyring>(),
            sp.GetRequiredService<IOptions<CryptoOptions>>(),
            TimeOf(sp),
            sp.GetService<ILogger<KeyRotationService>>() ?? NullLogger<KeyRotationService>.Instance)));
        return new TelehealthCryptoBuilder(services);
    }

    private static TimeProvider TimeOf(IServiceProvider services) => services.GetService<TimeProvider>() ?? TimeProvider.System;

    private static IAuditLog? AuditLogOf(IServiceProvider services, CryptoOptions options) =>
        services.GetService<IAuditLog>() ?? (options.RequireAuditLog
            ? throw new InvalidOperationException("Telehealth.Crypto writes key operations to the audit log: register one with AddTelehealthAudit, or set CryptoOptions.RequireAuditLog to false.")
            : null);
}
