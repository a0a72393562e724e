namespace Telehealth.Media;

/// <summary>Error codes TH4030–TH4059: DTLS-SRTP key agreement and the secure media channel.</summary>
public static partial class MediaErrorCodes
{
    /// <summary>The DTLS handshake failed: the peer sent a fatal alert, or a message broke the protocol.</summary>
    public const string HandshakeFailed = "TH4030";

    /// <summary>The DTLS handshake did not complete within <c>DtlsSrtpOptions.HandshakeTimeout</c>.</summary>
    public const string HandshakeTimeout = "TH4031";

    /// <summary>
    /// The peer's certificate does not have the SHA-256 fingerprint that signaling announced for it
    /// (RFC 8122); the handshake was aborted and no keys were derived.
    /// </summary>
    public const string FingerprintMismatch = "TH4032";

    /// <summary>The peer sent no certificate, or an empty chain; DTLS-SRTP needs one on both sides.</summary>
    public const string PeerCertificateMissing = "TH4033";

    /// <summary>The peers share no SRTP protection profile in the <c>use_srtp</c> extension (RFC 5764 §4.1.2).</summary>
    public const string NoCommonSrtpProfile = "TH4034";

    /// <summary>The peer did not negotiate the Extended Master Secret (RFC 7627), which is required.</summary>
    public const string ExtendedMasterSecretRequired = "TH4035";

    /// <summary>A fingerprint (SDP <c>a=fingerprint</c> value) is not well formed.</summary>
    public const string MalformedFingerprint = "TH4036";

    /// <summary>A fingerprint uses a hash function other than sha-256, which is the only one accepted.</summary>
    public const string UnsupportedFingerprintAlgorithm = "TH4037";

    /// <summary>The peer's <c>use_srtp</c> answer is malformed: several profiles, a profile not offered, or an MKI.</summary>
    public const string InvalidUseSrtpAnswer = "TH4038";

    /// <summary>The channel or association is closed: disposed locally, or closed by the peer.</summary>
    public const string ChannelClosed = "TH4039";

    /// <summary>A packet handed to the channel for sending is not a well-formed RTP or RTCP packet.</summary>
    public const string NotAnRtpPacket = "TH4040";

    /// <summary>A protected packet would exceed the configured MTU, or does not fit the caller's buffer.</summary>
    public const string PacketTooLarge = "TH4041";

    /// <summary>The datagram transport failed (socket error) while sending or receiving.</summary>
    public const string TransportFailed = "TH4042";
}
