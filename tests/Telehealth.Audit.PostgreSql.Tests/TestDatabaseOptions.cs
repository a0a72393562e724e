namespace Telehealth.Audit.PostgreSql.Tests;

/// <summary>The audit store's options over a <see cref="PostgreSqlTestDatabase"/>.</summary>
internal static class TestDatabaseOptions
{
    /// <summary>Gets options for a new, empty log in this database.</summary>
    public static PostgreSqlAuditStoreOptions NewLog(this PostgreSqlTestDatabase database, int maxBatchSize = 512) => new()
    {
        ConnectionString = database.ConnectionString,
        Schema = "log_" + Guid.NewGuid().ToString("N")[..12],
        MaxBatchSize = maxBatchSize,
    };
}
