namespace Telehealth.Audit.PostgreSql;

/// <summary>
/// Options of <see cref="PostgreSqlAuditStore"/>. Validated at start-up when registered with
/// <c>UsePostgreSql</c>, and by the store's constructor otherwise.
/// </summary>
public sealed class PostgreSqlAuditStoreOptions
{
    /// <summary>
    /// Gets or sets the Npgsql connection string of the database that holds the log. Every node
    /// that appends to the same log uses the same database and <see cref="Schema"/>.
    /// </summary>
    /// <value>There is no default; it is required. Keep passwords out of source control (use a secret store or a passfile).</value>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets the PostgreSQL schema that holds the <c>entries</c> and <c>checkpoints</c>
    /// tables; each schema is a separate log. It is created on first use if missing.
    /// </summary>
    /// <value>The default is <c>telehealth_audit</c>. 1 to 63 lowercase letters, digits or underscores, not starting with a digit.</value>
    public string Schema { get; set; } = "telehealth_audit";

    /// <summary>Gets or sets the most records one group commit (one transaction) writes.</summary>
    /// <value>The default is 512. Between 1 and 10,000.</value>
    public int MaxBatchSize { get; set; } = 512;
}
