namespace Telehealth.Media.Srtp;

/// <summary>
/// The outcome of an SRTP or SRTCP operation returned by the <c>Try</c> methods of <see cref="SrtpSession"/>.
/// Every value other than <see cref="Success"/> corresponds to one error code in <see cref="MediaErrorCodes"/>,
/// which the throwing methods carry in <see cref="MediaException.Code"/>.
/// </summary>
public enum SrtpStatus
{
    /// <summary>The packet was protected or authenticated and decrypted.</summary>
    Success = 0,

    /// <summary>The packet is shorter than its fixed header plus the trailer the profile requires (<see cref="MediaErrorCodes.SrtpPacketTooShort"/>).</summary>
    PacketTooShort,

    /// <summary>The RTP or RTCP version field is not 2 (<see cref="MediaErrorCodes.SrtpUnsupportedVersion"/>).</summary>
    UnsupportedVersion,

    /// <summary>The CSRC count names more CSRC identifiers than the packet holds (<see cref="MediaErrorCodes.SrtpBadCsrcCount"/>).</summary>
    BadCsrcCount,

    /// <summary>The header extension, or its length, runs past the end of the packet (<see cref="MediaErrorCodes.SrtpBadExtensionLength"/>).</summary>
    BadExtensionLength,

    /// <summary>The padding bit is set and the padding count is zero or exceeds the payload (<see cref="MediaErrorCodes.SrtpBadPadding"/>).</summary>
    BadPadding,

    /// <summary>The authentication tag does not match: the packet was modified, or it was protected under another key (<see cref="MediaErrorCodes.SrtpAuthenticationFailed"/>).</summary>
    AuthenticationFailed,

    /// <summary>The packet index was already used or is older than the replay window (<see cref="MediaErrorCodes.SrtpReplayed"/>).</summary>
    Replayed,

    /// <summary>The SSRC is unknown and <see cref="SrtpOptions.UnknownSsrcPolicy"/> refuses unknown SSRCs (<see cref="MediaErrorCodes.SrtpUnknownSsrc"/>).</summary>
    UnknownSsrc,

    /// <summary>The SSRC is new and the session already tracks <see cref="SrtpOptions.MaxSsrcs"/> SSRCs (<see cref="MediaErrorCodes.SrtpSsrcLimitReached"/>).</summary>
    SsrcLimitReached,

    /// <summary>The master key has reached its packet limit, or the packet index would pass 2^48 (SRTP) or 2^31 (SRTCP); re-key (<see cref="MediaErrorCodes.SrtpKeyLifetimeExhausted"/>).</summary>
    KeyLifetimeExhausted,

    /// <summary>The buffer has no room for the authentication tag and trailer (<see cref="MediaErrorCodes.SrtpBufferTooSmall"/>).</summary>
    BufferTooSmall,

    /// <summary>The SRTCP packet has its E flag clear (not encrypted); this package requires encrypted SRTCP (<see cref="MediaErrorCodes.SrtcpUnencrypted"/>).</summary>
    UnencryptedSrtcp,
}
