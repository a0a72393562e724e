using Microsoft.Extensions.Options;

namespace Telehealth.Audit;

/// <summary>Validates <see cref="AuditOptions"/> beyond what its data annotations can express; all errors are reported together.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var errors = new List<string>();
        if (options.CheckpointInterval < TimeSpan.FromMilliseconds(100) || options.CheckpointInterval > TimeSpan.FromDays(1))
        {
            errors.Add("AuditOptions.CheckpointInterval must be between 100 milliseconds and 1 day.");
        }

        if (options.RetentionPeriod < TimeSpan.FromDays(1))
        {
            errors.Add("AuditOptions.RetentionPeriod must be at least 1 day.");
        }

        if (!string.IsNullOrEmpty(options.Origin) && !NoteKey.IsValidName(options.Origin))
        {
            errors.Add("AuditOptions.Origin must be usable as a signed-note key name: no spaces, '+' or control characters.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
