namespace Telehealth.Media;

/// <summary>Creates the exceptions of the package, so codes and wording stay consistent and free of keys and payloads.</summary>
internal static partial class Errors
{
    public static MediaException Srtp(Srtp.SrtpStatus status) => status switch
    {
        Media.Srtp.SrtpStatus.PacketTooShort => new(MediaErrorCodes.SrtpPacketTooShort, "The packet is shorter than its header plus the SRTP or SRTCP trailer of the profile."),
        Media.Srtp.SrtpStatus.UnsupportedVersion => new(MediaErrorCodes.SrtpUnsupportedVersion, "The packet's version field is not 2."),
        Media.Srtp.SrtpStatus.BadCsrcCount => new(MediaErrorCodes.SrtpBadCsrcCount, "The RTP header's CSRC count runs past the end of the packet."),
        Media.Srtp.SrtpStatus.BadExtensionLength => new(MediaErrorCodes.SrtpBadExtensionLength, "The RTP header extension runs past the end of the packet."),
        Media.Srtp.SrtpStatus.BadPadding => new(MediaErrorCodes.SrtpBadPadding, "The RTP padding count is zero or larger than the payload."),
        Media.Srtp.SrtpStatus.AuthenticationFailed => new(MediaErrorCodes.SrtpAuthenticationFailed, "The packet did not authenticate: it was modified, or protected under another key."),
        Media.Srtp.SrtpStatus.Replayed => new(MediaErrorCodes.SrtpReplayed, "The packet index was already used or is older than the replay window."),
        Media.Srtp.SrtpStatus.UnknownSsrc => new(MediaErrorCodes.SrtpUnknownSsrc, "The packet's SSRC is unknown and the session refuses unknown SSRCs."),
        Media.Srtp.SrtpStatus.SsrcLimitReached => new(MediaErrorCodes.SrtpSsrcLimitReached, "The session already tracks the maximum number of SSRCs."),
        Media.Srtp.SrtpStatus.KeyLifetimeExhausted => new(MediaErrorCodes.SrtpKeyLifetimeExhausted, "The master key has reached its packet limit; agree a new key."),
        Media.Srtp.SrtpStatus.BufferTooSmall => new(MediaErrorCodes.SrtpBufferTooSmall, "The buffer has no room for the authentication tag and trailer."),
        Media.Srtp.SrtpStatus.UnencryptedSrtcp => new(MediaErrorCodes.SrtcpUnencrypted, "The SRTCP packet is not encrypted (E flag clear); encrypted SRTCP is required."),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a failure status."),
    };
}
