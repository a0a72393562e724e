namespace Telehealth.Media.Channels;

/// <summary>What a packet received on a <see cref="SecureMediaChannel"/> is.</summary>
public enum MediaPacketKind
{
    /// <summary>An RTP packet (RFC 3550 §5), unprotected from SRTP.</summary>
    Rtp,

    /// <summary>An RTCP compound packet (RFC 3550 §6), unprotected from SRTCP.</summary>
    Rtcp,
}
