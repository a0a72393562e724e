using Microsoft.Extensions.Options;

namespace Telehealth.Clinic;

/// <summary>Validates <see cref="ClinicOptions"/>; all errors are reported together.</summary>
internal sealed class ClinicOptionsValidator : IValidateOptions<ClinicOptions>
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, ClinicOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory) || options.DataDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add("Clinic:DataDirectory must be a directory path.");
        }

        if (options.EvidenceCollectionInterval < MinInterval || options.EvidenceCollectionInterval > MaxInterval)
        {
            failures.Add($"Clinic:EvidenceCollectionInterval must be between {MinInterval} and {MaxInterval}; it is {options.EvidenceCollectionInterval}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
