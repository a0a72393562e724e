using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telehealth.Audit;
using Telehealth.Audit.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL store for the Telehealth audit log.</summary>
public static class TelehealthAuditPostgreSqlBuilderExtensions
{
    /// <summary>
    /// Stores the audit log in PostgreSQL, shared by every node that uses the same database and
    /// schema. The options are validated at start-up; the store connects on first use and is
    /// disposed with the container, after storing every append it accepted.
    /// </summary>
    /// <param name="builder">The audit builder from <c>services.AddTelehealthAudit(...)</c>.</param>
    /// <param name="configure">Configures the store options; <see cref="PostgreSqlAuditStoreOptions.ConnectionString"/> is required.</param>
    /// <returns>The builder, for further configuration.</returns>
    public static TelehealthAuditBuilder UsePostgreSql(this TelehealthAuditBuilder builder, Action<PostgreSqlAuditStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services.AddOptions<PostgreSqlAuditStoreOptions>()
            .Configure(configure)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlAuditStoreOptions>, PostgreSqlAuditStoreOptionsValidator>());

        return builder.UseStore(sp => new PostgreSqlAuditStore(
            sp.GetRequiredService<IOptions<PostgreSqlAuditStoreOptions>>().Value,
            sp.GetService<ILogger<PostgreSqlAuditStore>>()));
    }
}
