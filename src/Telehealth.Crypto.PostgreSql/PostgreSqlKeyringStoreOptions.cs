namespace Telehealth.Crypto.PostgreSql;

/// <summary>
/// Options of <see cref="PostgreSqlKeyringStore"/>. Validated at start-up when registered with
/// <c>UsePostgreSqlKeyringStore</c>, and by the store's constructor otherwise.
/// </summary>
public sealed class PostgreSqlKeyringStoreOptions
{
    /// <summary>
    /// Gets or sets the Npgsql connection string of the database that holds the keyrings. Every node
    /// that shares a keyring uses the same database and <see cref="Schema"/>.
    /// </summary>
    /// <value>There is no default; it is required. Keep passwords out of source control (use a secret store or a passfile).</value>
    public string? ConnectionString { get; set; }

    /// <summary>Gets or sets the PostgreSQL schema that holds the <c>keyrings</c> and <c>keyring_versions</c> tables.</summary>
    /// <value>The default is <c>telehealth</c>. 1 to 63 lowercase letters, digits or underscores, not starting with a digit.</value>
    public string Schema { get; set; } = "telehealth";

    /// <summary>
    /// Gets or sets a value indicating whether the store creates its schema and tables on first use
    /// when they are missing. Turn it off when a migration role creates them and the application role
    /// has no DDL rights.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CreateSchemaIfMissing { get; set; } = true;

    /// <summary>Gets or sets how long one SQL command may run before it fails.</summary>
    /// <value>The default is 15 seconds. Between 1 second and 1 hour; rounded up to whole seconds.</value>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
