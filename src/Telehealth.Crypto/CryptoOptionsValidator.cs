using Microsoft.Extensions.Options;

namespace Telehealth.Crypto;

/// <summary>Validates <see cref="CryptoOptions"/>; all errors are reported together.</summary>
internal sealed class CryptoOptionsValidator : IValidateOptions<CryptoOptions>
{
    public ValidateOptionsResult Validate(string? name, CryptoOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.KeyDirectory))
        {
            errors.Add("CryptoOptions.KeyDirectory is required.");
        }

        if (string.IsNullOrWhiteSpace(options.MasterKeyEnvironmentVariable) && string.IsNullOrWhiteSpace(options.MasterKeyFile))
        {
            errors.Add("CryptoOptions needs MasterKeyEnvironmentVariable or MasterKeyFile.");
        }

        if (options.RotationCheckInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add("CryptoOptions.RotationCheckInterval must be at least 1 second.");
        }

        var keyring = options.Keyring;
        if (!KeyringIds.IsValid(keyring.KeyringId ?? string.Empty))
        {
            errors.Add("KeyringOptions.KeyringId must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.");
        }

        if (string.IsNullOrWhiteSpace(keyring.Provider))
        {
            errors.Add("KeyringOptions.Provider is required.");
        }

        if (keyring.RotationPeriod < TimeSpan.FromHours(1) || keyring.RotationPeriod > TimeSpan.FromDays(3650))
        {
            errors.Add("KeyringOptions.RotationPeriod must be between 1 hour and 3650 days.");
        }

        if (keyring.RefreshInterval < TimeSpan.Zero || keyring.RefreshInterval > TimeSpan.FromDays(1))
        {
            errors.Add("KeyringOptions.RefreshInterval must be between 0 and 1 day.");
        }

        if (keyring.PropagationDelay < keyring.RefreshInterval)
        {
            errors.Add("KeyringOptions.PropagationDelay must be at least RefreshInterval, or nodes could encrypt under a key others have not read.");
        }

        if (keyring.MaxWrapsPerVersion is < 1 or > 1L << 32)
        {
            errors.Add("KeyringOptions.MaxWrapsPerVersion must be between 1 and 2^32.");
        }

        if (keyring.PropagationDelay >= keyring.RotationPeriod)
        {
            errors.Add("KeyringOptions.PropagationDelay must be shorter than RotationPeriod.");
        }

        var cipher = options.Cipher;
        if (cipher.Suite is null)
        {
            errors.Add("EnvelopeCipherOptions.Suite is required.");
        }
        else if (!cipher.Allows(cipher.Suite))
        {
            errors.Add($"EnvelopeCipherOptions.Suite {cipher.Suite.Name} is not in AllowedSuites.");
        }

        if (cipher.MaxAuditedDecryptionFailuresPerMinute is < 1 or > 1_000_000)
        {
            errors.Add("EnvelopeCipherOptions.MaxAuditedDecryptionFailuresPerMinute must be between 1 and 1,000,000.");
        }

        var caching = cipher.DataKeyCaching;
        if (caching.Enabled)
        {
            if (caching.MaxAge <= TimeSpan.Zero || caching.MaxAge > TimeSpan.FromDays(1))
            {
                errors.Add("DataKeyCachingOptions.MaxAge must be between 0 (exclusive) and 1 day.");
            }

            if (caching.MaxMessages is < 1 or > 1L << 32)
            {
                errors.Add("DataKeyCachingOptions.MaxMessages must be between 1 and 2^32.");
            }

            if (caching.MaxBytes < 1)
            {
                errors.Add("DataKeyCachingOptions.MaxBytes must be positive.");
            }

            if (caching.MaxDecryptionEntries is < 1 or > 1_000_000)
            {
                errors.Add("DataKeyCachingOptions.MaxDecryptionEntries must be between 1 and 1,000,000.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
