using Microsoft.Extensions.Options;
using Telehealth.Media.Srtp;

namespace Telehealth.Media.Tests.Srtp;

public sealed class SrtpOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new SrtpOptions();
        Assert.True(new SrtpOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(128, options.ReplayWindowSize);
        Assert.Equal(1L << 48, options.MaxRtpPackets);
        Assert.Equal(1L << 31, options.MaxRtcpPackets);
    }

    [Fact]
    public void Invalid_options_are_refused_with_one_message_listing_every_error()
    {
        var options = new SrtpOptions
        {
            ReplayWindowSize = 100,
            MaxRtpPackets = 0,
            MaxRtcpPackets = (1L << 31) + 1,
            RekeyWarningPercent = 100,
            MaxSsrcs = 0,
            UnknownSsrcPolicy = (SrtpUnknownSsrcPolicy)9,
        };

        var result = new SrtpOptionsValidator().Validate(null, options);

        Assert.Equal(
            "SrtpOptions.ReplayWindowSize must be a multiple of 64 from 64 to 32768.; " +
            "SrtpOptions.MaxRtpPackets must be from 1 to 2^48.; " +
            "SrtpOptions.MaxRtcpPackets must be from 1 to 2^31.; " +
            "SrtpOptions.RekeyWarningPercent must be from 1 to 99.; " +
            "SrtpOptions.MaxSsrcs must be from 1 to 4096.; " +
            "SrtpOptions.UnknownSsrcPolicy 9 is not defined.",
            result.FailureMessage);
        var error = Assert.Throws<ArgumentException>("options", () => SrtpSession.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12], options));
        Assert.StartsWith(result.FailureMessage, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1024)]
    [InlineData(32768)]
    public void Replay_windows_from_64_to_32768_are_allowed(int size) =>
        Assert.Equal(ValidateOptionsResult.Success, new SrtpOptionsValidator().Validate(null, new SrtpOptions { ReplayWindowSize = size }));
}
