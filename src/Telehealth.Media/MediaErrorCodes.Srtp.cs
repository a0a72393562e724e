namespace Telehealth.Media;

public static partial class MediaErrorCodes
{
    /// <summary>SRTP/SRTCP: the packet is shorter than its fixed header plus the trailer the profile requires.</summary>
    public const string SrtpPacketTooShort = "TH4001";

    /// <summary>SRTP/SRTCP: the version field is not 2.</summary>
    public const string SrtpUnsupportedVersion = "TH4002";

    /// <summary>SRTP: the CSRC count names more CSRC identifiers than the packet holds.</summary>
    public const string SrtpBadCsrcCount = "TH4003";

    /// <summary>SRTP: the header extension, or its declared length, runs past the end of the packet.</summary>
    public const string SrtpBadExtensionLength = "TH4004";

    /// <summary>SRTP: the padding bit is set and the padding count is zero or larger than the payload.</summary>
    public const string SrtpBadPadding = "TH4005";

    /// <summary>SRTP/SRTCP: the authentication tag does not match (modified packet, or another key); the session state is unchanged.</summary>
    public const string SrtpAuthenticationFailed = "TH4006";

    /// <summary>SRTP/SRTCP: the packet index was already used, or is older than the replay window (on protect: an index would be reused).</summary>
    public const string SrtpReplayed = "TH4007";

    /// <summary>SRTP/SRTCP: the SSRC is unknown and the unknown-SSRC policy refuses it.</summary>
    public const string SrtpUnknownSsrc = "TH4008";

    /// <summary>SRTP/SRTCP: a new SSRC would exceed the configured maximum number of SSRCs per session.</summary>
    public const string SrtpSsrcLimitReached = "TH4009";

    /// <summary>SRTP/SRTCP: the master key has reached its packet limit (2^48 SRTP, 2^31 SRTCP, or the configured lifetime); a new key is required.</summary>
    public const string SrtpKeyLifetimeExhausted = "TH4010";

    /// <summary>SRTP/SRTCP: the buffer has no room for the authentication tag and trailer of the protected packet.</summary>
    public const string SrtpBufferTooSmall = "TH4011";

    /// <summary>SRTCP: the E flag is clear (an unencrypted SRTCP packet); encrypted SRTCP is required.</summary>
    public const string SrtcpUnencrypted = "TH4012";
}
