namespace Telehealth.Media.Srtp;

/// <summary>
/// The limits of an <see cref="SrtpSession"/>. Validated by <see cref="SrtpOptionsValidator"/> when a session
/// is created; invalid options are refused with one message listing every error.
/// </summary>
public sealed class SrtpOptions
{
    /// <summary>The largest number of SRTP packets one master key may protect (RFC 3711 §9.2): 2^48.</summary>
    public const long MaxSrtpPacketsPerKey = 1L << 48;

    /// <summary>The largest number of SRTCP packets one master key may protect (RFC 3711 §9.2): 2^31.</summary>
    public const long MaxSrtcpPacketsPerKey = 1L << 31;

    /// <summary>
    /// Gets or sets the size in packets of the replay window kept per SSRC for SRTP and for SRTCP. Packets older
    /// than the window are refused as replayed. Must be a multiple of 64 from 64 to 32768.
    /// </summary>
    /// <value>The default is 128.</value>
    public int ReplayWindowSize { get; set; } = 128;

    /// <summary>
    /// Gets or sets the number of SRTP packets the master key may protect or accept (counted over all SSRCs of
    /// the session), from 1 to 2^48. Use a negotiated key lifetime here when one was signalled.
    /// </summary>
    /// <value>The default is 2^48 (<see cref="MaxSrtpPacketsPerKey"/>).</value>
    public long MaxRtpPackets { get; set; } = MaxSrtpPacketsPerKey;

    /// <summary>Gets or sets the number of SRTCP packets the master key may protect or accept, from 1 to 2^31.</summary>
    /// <value>The default is 2^31 (<see cref="MaxSrtcpPacketsPerKey"/>).</value>
    public long MaxRtcpPackets { get; set; } = MaxSrtcpPacketsPerKey;

    /// <summary>
    /// Gets or sets the percentage of a packet limit (<see cref="MaxRtpPackets"/>, <see cref="MaxRtcpPackets"/>,
    /// or the 2^48 SRTP index) at which <see cref="SrtpSession.RekeyRequired"/> is raised, from 1 to 99, so a new
    /// key can be agreed before the session starts refusing packets.
    /// </summary>
    /// <value>The default is 90.</value>
    public int RekeyWarningPercent { get; set; } = 90;

    /// <summary>Gets or sets the largest number of SSRCs a session tracks, separately for SRTP and SRTCP, from 1 to 4096.</summary>
    /// <value>The default is 64.</value>
    public int MaxSsrcs { get; set; } = 64;

    /// <summary>Gets or sets what unprotecting does with a packet from an SSRC the session has no state for.</summary>
    /// <value>The default is <see cref="SrtpUnknownSsrcPolicy.Accept"/>.</value>
    public SrtpUnknownSsrcPolicy UnknownSsrcPolicy { get; set; } = SrtpUnknownSsrcPolicy.Accept;
}
