using Microsoft.Extensions.Options;
using Npgsql;

namespace Telehealth.Audit.PostgreSql;

/// <summary>
/// Validates <see cref="PostgreSqlAuditStoreOptions"/> and reports every problem in one message.
/// Messages never repeat the connection string, which may hold a password.
/// </summary>
internal sealed class PostgreSqlAuditStoreOptionsValidator : IValidateOptions<PostgreSqlAuditStoreOptions>
{
    public const int MaxBatchSizeLimit = 10_000;

    public ValidateOptionsResult Validate(string? name, PostgreSqlAuditStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Check(PostgreSqlAuditStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("PostgreSqlAuditStoreOptions.ConnectionString is required.");
        }
        else
        {
            NpgsqlConnectionStringBuilder? parsed = null;
            try
            {
                parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException)
            {
                failures.Add("PostgreSqlAuditStoreOptions.ConnectionString is not a valid Npgsql connection string.");
            }

            if (parsed is not null && string.IsNullOrWhiteSpace(parsed.Host))
            {
                failures.Add("PostgreSqlAuditStoreOptions.ConnectionString names no Host.");
            }
        }

        if (!IsValidSchemaName(options.Schema))
        {
            failures.Add("PostgreSqlAuditStoreOptions.Schema must be 1 to 63 lowercase letters, digits or underscores, not starting with a digit.");
        }

        if (options.MaxBatchSize is < 1 or > MaxBatchSizeLimit)
        {
            failures.Add($"PostgreSqlAuditStoreOptions.MaxBatchSize must be between 1 and {MaxBatchSizeLimit}.");
        }

        return failures;
    }

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
