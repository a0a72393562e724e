using Microsoft.Extensions.Options;

namespace Telehealth.Compliance;

/// <summary>Validates <see cref="ComplianceOptions"/>; all errors are reported together.</summary>
internal sealed class ComplianceOptionsValidator : IValidateOptions<ComplianceOptions>
{
    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        var failures = new List<string>();
        if (options.CatalogVersion is not { } version || !SecurityRuleCatalog.Versions.Contains(version, StringComparer.Ordinal))
        {
            failures.Add($"ComplianceOptions.CatalogVersion '{options.CatalogVersion}' is not a known catalog version; known versions: {string.Join(", ", SecurityRuleCatalog.Versions)}.");
        }

        if (string.IsNullOrWhiteSpace(options.StoreDirectory) || options.StoreDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            failures.Add("ComplianceOptions.StoreDirectory must be a directory path.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
