using Npgsql;

namespace Telehealth.PostgreSql;

/// <summary>
/// What the PostgreSQL stores of the SDK share, compiled into each of their packages: the checks of
/// their connection options, the failures that count as database failures, and finding or creating
/// their tables once per store.
/// </summary>
internal static class PostgreSqlStoreSupport
{
    /// <summary>
    /// Checks a connection string and a schema name, adding one message per problem under the name of
    /// the options type. Messages never repeat the connection string, which may hold a password.
    /// </summary>
    public static void CheckConnection(string optionsName, string? connectionString, string? schema, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"{optionsName}.ConnectionString is required.");
        }
        else
        {
            NpgsqlConnectionStringBuilder? parsed = null;
            try
            {
                parsed = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException)
            {
                failures.Add($"{optionsName}.ConnectionString is not a valid Npgsql connection string.");
            }

            if (parsed is not null && string.IsNullOrWhiteSpace(parsed.Host))
            {
                failures.Add($"{optionsName}.ConnectionString names no Host.");
            }
        }

        if (!IsValidSchemaName(schema))
        {
            failures.Add($"{optionsName}.Schema must be 1 to 63 lowercase letters, digits or underscores, not starting with a digit.");
        }
    }

    /// <summary>
    /// Creates a store's data source from checked options, naming the store as the application (for
    /// <c>pg_stat_activity</c>) unless the connection string already names one.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string? connectionString, string applicationName, TimeSpan? commandTimeout = null)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        if (commandTimeout is { } timeout)
        {
            connection.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds);
        }

        if (string.IsNullOrEmpty(connection.ApplicationName))
        {
            connection.ApplicationName = applicationName;
        }

        return NpgsqlDataSource.Create(connection);
    }

    /// <summary>
    /// Gets whether <paramref name="ex"/> is something a broken connection, a server error or a timeout
    /// can raise. Cancellation (<see cref="OperationCanceledException"/>) is none of these and passes through.
    /// </summary>
    public static bool IsDatabaseFailure(Exception ex) =>
        ex is NpgsqlException or TimeoutException or IOException or InvalidOperationException or InvalidCastException;

    /// <summary>Gets the SQL state of a server error, for logs; "none" when there is none.</summary>
    public static string SqlState(Exception ex) =>
        (ex as PostgresException)?.SqlState ?? (ex.InnerException as PostgresException)?.SqlState ?? "none";

    // The schema name is spliced into SQL (identifiers cannot be parameters), so only a plain,
    // unquoted-safe identifier is accepted; it is still quoted where it is used.
    private static bool IsValidSchemaName(string? schema)
    {
        if (string.IsNullOrEmpty(schema) || schema.Length > 63 || char.IsAsciiDigit(schema[0]))
        {
            return false;
        }

        foreach (var c in schema)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
