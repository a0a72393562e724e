using Microsoft.Extensions.Options;
using Telehealth.PostgreSql;

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
        PostgreSqlStoreSupport.CheckConnection(nameof(PostgreSqlKeyringStoreOptions), options.ConnectionString, options.Schema, failures);
        if (options.CommandTimeout < TimeSpan.FromSeconds(1) || options.CommandTimeout > MaxCommandTimeout)
        {
            failures.Add("PostgreSqlKeyringStoreOptions.CommandTimeout must be between 1 second and 1 hour.");
        }

        return failures;
    }
}
