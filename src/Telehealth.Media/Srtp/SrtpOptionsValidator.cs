using System.Globalization;
using Microsoft.Extensions.Options;

namespace Telehealth.Media.Srtp;

/// <summary>Validates <see cref="SrtpOptions"/>; all errors are reported together.</summary>
public sealed class SrtpOptionsValidator : IValidateOptions<SrtpOptions>
{
    /// <summary>Validates the options.</summary>
    /// <param name="name">The name of the options instance (unused).</param>
    /// <param name="options">The options to validate.</param>
    /// <returns>Success, or a failure listing every invalid setting.</returns>
    public ValidateOptionsResult Validate(string? name, SrtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ReplayWindowSize is < 64 or > 32768 || options.ReplayWindowSize % 64 != 0)
        {
            errors.Add("SrtpOptions.ReplayWindowSize must be a multiple of 64 from 64 to 32768.");
        }

        if (options.MaxRtpPackets is < 1 or > SrtpOptions.MaxSrtpPacketsPerKey)
        {
            errors.Add("SrtpOptions.MaxRtpPackets must be from 1 to 2^48.");
        }

        if (options.MaxRtcpPackets is < 1 or > SrtpOptions.MaxSrtcpPacketsPerKey)
        {
            errors.Add("SrtpOptions.MaxRtcpPackets must be from 1 to 2^31.");
        }

        if (options.RekeyWarningPercent is < 1 or > 99)
        {
            errors.Add("SrtpOptions.RekeyWarningPercent must be from 1 to 99.");
        }

        if (options.MaxSsrcs is < 1 or > 4096)
        {
            errors.Add("SrtpOptions.MaxSsrcs must be from 1 to 4096.");
        }

        if (!Enum.IsDefined(options.UnknownSsrcPolicy))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"SrtpOptions.UnknownSsrcPolicy {(int)options.UnknownSsrcPolicy} is not defined."));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
