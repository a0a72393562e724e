using Microsoft.Extensions.Options;

namespace Telehealth.Compliance;

/// <summary>Validates <see cref="ComplianceOptions"/>; all errors are reported together.</summary>
internal sealed class ComplianceOptionsValidator : IValidateOptions<ComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        if (options.CatalogVersion is { } version && SecurityRuleCatalog.Versions.Contains(version, StringComparer.Ordinal))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(
            $"ComplianceOptions.CatalogVersion '{options.CatalogVersion}' is not a known catalog version; known versions: {string.Join(", ", SecurityRuleCatalog.Versions)}.");
    }
}
