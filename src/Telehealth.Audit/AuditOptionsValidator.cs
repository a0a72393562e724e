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

        ValidatePhiDetection(options.PhiDetection, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidatePhiDetection(PhiDetectionOptions options, List<string> errors)
    {
        if (!Enum.IsDefined(options.Policy))
        {
            errors.Add("AuditOptions.PhiDetection.Policy must be Reject or Redact.");
        }

        foreach (var (name, pattern) in options.CustomPatterns)
        {
            if (!PhiDetector.NamePattern().IsMatch(name) || name is PhiDetector.SsnName or PhiDetector.MrnName or PhiDetector.DobName)
            {
                errors.Add("AuditOptions.PhiDetection.CustomPatterns: a pattern name must be 1-32 characters of a-z, 0-9, '_' or '-', start with a letter and not be 'ssn', 'mrn' or 'dob'.");
            }
            else if (PhiDetector.Compile(pattern) is not { } regex)
            {
                errors.Add($"AuditOptions.PhiDetection.CustomPatterns['{name}'] is not a regular expression that can be matched without backtracking (no backreferences, lookarounds or atomic groups).");
            }
            else if (regex.IsMatch(string.Empty))
            {
                errors.Add($"AuditOptions.PhiDetection.CustomPatterns['{name}'] matches empty text, so it would match everything.");
            }
        }
    }
}
