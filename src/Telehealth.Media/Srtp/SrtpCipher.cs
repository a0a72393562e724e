namespace Telehealth.Media.Srtp;

/// <summary>
/// The packet transforms of a profile family with the session keys of one session. Callers hold the session's
/// lock: implementations reuse scratch buffers between packets.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    protected SrtpCipher(int rtpTagLength, int rtcpTagLength)
    {
        RtpTagLength = rtpTagLength;
        RtcpTagLength = rtcpTagLength;
    }

    public int RtpTagLength { get; }

    public int RtcpTagLength { get; }

    public static SrtpCipher Create(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp) =>
        SrtpProfileInfo.IsAead(profile)
            ? new AesGcmSrtpCipher(rtp, rtcp)
            : new AesCmHmacSha1SrtpCipher(rtp, rtcp, SrtpProfileInfo.RtpTagLength(profile), SrtpProfileInfo.RtcpTagLength(profile));

    /// <summary>Encrypts the payload of <paramref name="packet"/> (header and payload) and writes the tag to <paramref name="tag"/>.</summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, uint ssrc, long index, Span<byte> tag);

    /// <summary>Authenticates <paramref name="packet"/> (header and encrypted payload) against <paramref name="tag"/>, then decrypts its payload.</summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, long index, ReadOnlySpan<byte> tag);

    /// <summary>Gets the offset of the E flag and SRTCP index in an SRTCP packet of <paramref name="length"/> bytes.</summary>
    public abstract int SrtcpIndexOffset(int length);

    /// <summary>Protects the RTCP packet of <paramref name="length"/> bytes in <paramref name="buffer"/>; returns the SRTCP length.</summary>
    public abstract int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index);

    /// <summary>Authenticates and decrypts the SRTCP packet <paramref name="packet"/>; returns the RTCP length, or -1 if it did not authenticate.</summary>
    public abstract int UnprotectRtcp(Span<byte> packet, uint ssrc, uint index);

    public abstract void Dispose();
}
