using Microsoft.Extensions.Options;
using Npgsql;

namespace Telehealth.Crypto.PostgreSql;

/// <summary>
/// Validates <see cref="PostgreSqlKeyringStoreOptions"/> and reports every problem in one message.
/// Messages never repeat the connection string, which may hold a password.
/// </summary>
internal sealed class PostgreSqlKeyringStoreOptionsValidator : IValidateOptions<PostgreSqlKeyringStoreOptions>
{
    public static readonly TimeSpan MaxCommandTimeout = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, PostgreSqlKeyringStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Check(PostgreSqlKeyringStoreOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add("PostgreSqlKeyringStoreOptions.ConnectionString is required.");
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
                failures.Add("PostgreSqlKeyringStoreOptions.ConnectionString is not a valid Npgsql connection string.");
            }

            if (parsed is not null && string.IsNullOrWhiteSpace(parsed.Host))
            {
                failures.Add("PostgreSqlKeyringStoreOptions.ConnectionString names no Host.");
            }
        }

        if (!IsValidSchemaName(options.Schema))
        {
            failures.Add("PostgreSqlKeyringStoreOptions.Schema must be 1 to 63 lowercase letters, digits or underscores, not starting with a digit.");
        }

        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > MaxCommandTimeout)
        {
            failures.Add("PostgreSqlKeyringStoreOptions.CommandTimeout must be between 1 second and 1 hour.");
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
