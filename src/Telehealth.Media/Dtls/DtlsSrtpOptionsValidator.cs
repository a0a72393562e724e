using Microsoft.Extensions.Options;

namespace Telehealth.Media.Dtls;

/// <summary>Validates <see cref="DtlsSrtpOptions"/>; all errors are reported together.</summary>
internal sealed class DtlsSrtpOptionsValidator : IValidateOptions<DtlsSrtpOptions>
{
    public static void ThrowIfInvalid(DtlsSrtpOptions options)
    {
        var result = new DtlsSrtpOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(DtlsSrtpOptions), typeof(DtlsSrtpOptions), result.Failures);
        }
    }

    public ValidateOptionsResult Validate(string? name, DtlsSrtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Profiles is null || options.Profiles.Count == 0)
        {
            errors.Add("DtlsSrtpOptions.Profiles must name at least one SRTP profile.");
        }
        else
        {
            if (options.Profiles.Any(p => !Enum.IsDefined(p)))
            {
                errors.Add("DtlsSrtpOptions.Profiles contains a profile that is not supported.");
            }

            if (options.Profiles.Distinct().Count() != options.Profiles.Count)
            {
                errors.Add("DtlsSrtpOptions.Profiles lists a profile more than once.");
            }
        }

        if (options.Mtu is < 256 or > 65507)
        {
            errors.Add("DtlsSrtpOptions.Mtu must be between 256 and 65507.");
        }

        if (options.InitialRetransmitTimeout < TimeSpan.FromMilliseconds(50) || options.InitialRetransmitTimeout > TimeSpan.FromSeconds(10))
        {
            errors.Add("DtlsSrtpOptions.InitialRetransmitTimeout must be between 50 ms and 10 s.");
        }

        if (options.HandshakeTimeout < TimeSpan.FromMilliseconds(100) || options.HandshakeTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add("DtlsSrtpOptions.HandshakeTimeout must be between 100 ms and 10 minutes.");
        }

        if (options.ReceiveQueueCapacity is < 1 or > 65536)
        {
            errors.Add("DtlsSrtpOptions.ReceiveQueueCapacity must be between 1 and 65536.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
