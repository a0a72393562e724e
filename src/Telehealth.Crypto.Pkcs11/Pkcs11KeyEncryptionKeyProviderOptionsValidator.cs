using Microsoft.Extensions.Options;

namespace Telehealth.Crypto.Pkcs11;

/// <summary>Validates <see cref="Pkcs11KeyEncryptionKeyProviderOptions"/> and reports every problem in one message.</summary>
internal sealed class Pkcs11KeyEncryptionKeyProviderOptionsValidator : IValidateOptions<Pkcs11KeyEncryptionKeyProviderOptions>
{
    public const int MaxTokenLabelLength = 32;
    public const int MaxKeyLabelPrefixLength = 64;
    public const int MaxSessionsLimit = 64;

    public ValidateOptionsResult Validate(string? name, Pkcs11KeyEncryptionKeyProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Check(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static List<string> Check(Pkcs11KeyEncryptionKeyProviderOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.LibraryPath))
        {
            failures.Add("Pkcs11KeyEncryptionKeyProviderOptions.LibraryPath is required.");
        }

        if (string.IsNullOrWhiteSpace(options.TokenLabel))
        {
            failures.Add("Pkcs11KeyEncryptionKeyProviderOptions.TokenLabel is required.");
        }
        else if (options.TokenLabel.Length > MaxTokenLabelLength)
        {
            failures.Add($"Pkcs11KeyEncryptionKeyProviderOptions.TokenLabel must be at most {MaxTokenLabelLength} characters.");
        }

        if (string.IsNullOrWhiteSpace(options.PinFile) && string.IsNullOrWhiteSpace(options.PinEnvironmentVariable))
        {
            failures.Add("Pkcs11KeyEncryptionKeyProviderOptions needs PinFile or PinEnvironmentVariable to say where the user PIN comes from.");
        }

        if (options.KeyLabelPrefix is null || options.KeyLabelPrefix.Length > MaxKeyLabelPrefixLength)
        {
            failures.Add($"Pkcs11KeyEncryptionKeyProviderOptions.KeyLabelPrefix must be at most {MaxKeyLabelPrefixLength} characters (it may be empty).");
        }

        if (options.MaxSessions is < 1 or > MaxSessionsLimit)
        {
            failures.Add($"Pkcs11KeyEncryptionKeyProviderOptions.MaxSessions must be between 1 and {MaxSessionsLimit}.");
        }

        return failures;
    }
}
