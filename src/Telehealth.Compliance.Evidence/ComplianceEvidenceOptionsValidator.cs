using Microsoft.Extensions.Options;
using Telehealth.Audit;

namespace Telehealth.Compliance.Evidence;

/// <summary>Validates <see cref="ComplianceEvidenceOptions"/>; all errors are reported together.</summary>
internal sealed class ComplianceEvidenceOptionsValidator : IValidateOptions<ComplianceEvidenceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceEvidenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, nameof(options.EvidenceLifetime), options.EvidenceLifetime);
        if (options.KeyRotationGracePeriod < TimeSpan.Zero)
        {
            failures.Add($"ComplianceEvidenceOptions.KeyRotationGracePeriod is {options.KeyRotationGracePeriod}; it must not be negative.");
        }

        Percent(failures, nameof(options.MinimumEncryptionCoveragePercent), options.MinimumEncryptionCoveragePercent);
        Positive(failures, nameof(options.MaxCheckpointAge), options.MaxCheckpointAge);
        Percent(failures, nameof(options.MinimumBaaCoveragePercent), options.MinimumBaaCoveragePercent);
        for (var i = 0; i < options.TrustedCheckpointKeys.Count; i++)
        {
            try
            {
                _ = CheckpointVerifierKey.Parse(options.TrustedCheckpointKeys[i] ?? string.Empty);
            }
            catch (AuditFormatException)
            {
                failures.Add($"ComplianceEvidenceOptions.TrustedCheckpointKeys[{i}] is not a checkpoint verifier key (name+keyid+base64).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"ComplianceEvidenceOptions.{name} is {value}; it must be positive.");
        }
    }

    private static void Percent(List<string> failures, string name, decimal value)
    {
        if (value is < 0m or > 100m)
        {
            failures.Add($"ComplianceEvidenceOptions.{name} is {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be between 0 and 100.");
        }
    }
}
