using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telehealth.Crypto;
using Telehealth.Crypto.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL keyring store for Telehealth.Crypto.</summary>
public static class TelehealthCryptoPostgreSqlBuilderExtensions
{
    /// <summary>
    /// Keeps the keyring in PostgreSQL, shared by every node that uses the same database and schema,
    /// instead of the embedded file store. Like every <c>Use*</c> method, it replaces the keyring store
    /// registered before (the last call wins). The options are validated at start-up; the store connects
    /// on first use and is disposed with the container.
    /// </summary>
    /// <param name="builder">The crypto builder from <c>services.AddTelehealthCrypto(...)</c>.</param>
    /// <param name="configure">Configures the store options; <see cref="PostgreSqlKeyringStoreOptions.ConnectionString"/> is required.</param>
    /// <returns>The builder, for further configuration.</returns>
    public static TelehealthCryptoBuilder UsePostgreSqlKeyringStore(this TelehealthCryptoBuilder builder, Action<PostgreSqlKeyringStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services.AddOptionsWithValidateOnStart<PostgreSqlKeyringStoreOptions>().Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlKeyringStoreOptions>, PostgreSqlKeyringStoreOptionsValidator>());

        return builder.UseKeyringStore(sp => new PostgreSqlKeyringStore(
            sp.GetRequiredService<IOptions<PostgreSqlKeyringStoreOptions>>().Value,
            sp.GetService<ILogger<PostgreSqlKeyringStore>>()));
    }
}
