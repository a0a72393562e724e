using Microsoft.Extensions.Options;
using Telehealth.PostgreSql;

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
        PostgreSqlStoreSupport.CheckConnection(nameof(PostgreSqlAuditStoreOptions), options.ConnectionString, options.Schema, failures);
        if (options.MaxBatchSize is < 1 or > MaxBatchSizeLimit)
        {
            failures.Add($"PostgreSqlAuditStoreOptions.MaxBatchSize must be between 1 and {MaxBatchSizeLimit}.");
        }

        return failures;
    }
}
