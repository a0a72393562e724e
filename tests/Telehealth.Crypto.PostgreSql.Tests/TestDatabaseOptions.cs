namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>The keyring store's options over a <see cref="PostgreSqlTestDatabase"/>.</summary>
internal static class TestDatabaseOptions
{
    /// <summary>Gets options for a new, empty schema in this database.</summary>
    public static PostgreSqlKeyringStoreOptions NewSchema(this PostgreSqlTestDatabase database) => new()
    {
        ConnectionString = database.ConnectionString,
        Schema = "keys_" + Guid.NewGuid().ToString("N")[..12],
    };
}
