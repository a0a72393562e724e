using System.Globalization;

namespace Telehealth.Media;

/// <summary>The exceptions of DTLS-SRTP and the secure media channel; messages carry no key material.</summary>
internal static partial class Errors
{
    public static MediaException HandshakeFailed(string reason, Exception? inner = null) =>
        new(MediaErrorCodes.HandshakeFailed, $"The DTLS handshake failed: {reason}.", inner);

    public static MediaException HandshakeTimeout(TimeSpan timeout) =>
        new(MediaErrorCodes.HandshakeTimeout, string.Create(CultureInfo.InvariantCulture, $"The DTLS handshake did not complete within {timeout.TotalSeconds:0.###} s."));

    public static MediaException FingerprintMismatch(string expected, string actual) =>
        new(MediaErrorCodes.FingerprintMismatch, $"The peer's certificate has fingerprint {actual}, not the {expected} announced in signaling; the handshake was aborted.");

    public static MediaException PeerCertificateMissing() =>
        new(MediaErrorCodes.PeerCertificateMissing, "The peer sent no certificate; DTLS-SRTP needs a certificate on both sides.");

    public static MediaException NoCommonSrtpProfile() =>
        new(MediaErrorCodes.NoCommonSrtpProfile, "The peers share no SRTP protection profile in the use_srtp extension.");

    public static MediaException ExtendedMasterSecretRequired() =>
        new(MediaErrorCodes.ExtendedMasterSecretRequired, "The peer did not negotiate the Extended Master Secret (RFC 7627), which is required.");

    public static MediaException MalformedFingerprint(string reason) =>
        new(MediaErrorCodes.MalformedFingerprint, $"The fingerprint is not well formed: {reason}.");

    public static MediaException UnsupportedFingerprintAlgorithm(string algorithm) =>
        new(MediaErrorCodes.UnsupportedFingerprintAlgorithm, $"Fingerprint hash function '{algorithm}' is not accepted; only sha-256 is.");

    public static MediaException InvalidUseSrtpAnswer(string reason) =>
        new(MediaErrorCodes.InvalidUseSrtpAnswer, $"The peer's use_srtp answer is not acceptable: {reason}.");

    public static MediaException ChannelClosed() =>
        new(MediaErrorCodes.ChannelClosed, "The secure media channel is closed.");

    public static MediaException NotAnRtpPacket(string reason) =>
        new(MediaErrorCodes.NotAnRtpPacket, $"The packet is not a well-formed RTP or RTCP packet: {reason}.");

    public static MediaException PacketTooLarge(int length, int limit) =>
        new(MediaErrorCodes.PacketTooLarge, string.Create(CultureInfo.InvariantCulture, $"A packet of {length} bytes exceeds the limit of {limit} bytes."));

    public static MediaException TransportFailed(Exception inner) =>
        new(MediaErrorCodes.TransportFailed, "The datagram transport failed.", inner);
}
