using Telehealth.Media.Srtp;

namespace Telehealth.Media.Dtls;

/// <summary>Options of DTLS-SRTP key agreement and the secure media channel (<c>services.AddTelehealthMedia(o => ...)</c>).</summary>
public sealed class DtlsSrtpOptions
{
    /// <summary>
    /// Gets or sets the SRTP protection profiles offered in <c>use_srtp</c>, most preferred first. A client
    /// offers them in this order; a server picks the first of these that the client offered.
    /// </summary>
    /// <value>The default is AEAD_AES_128_GCM, AEAD_AES_256_GCM, AES128_CM_HMAC_SHA1_80, AES128_CM_HMAC_SHA1_32.</value>
    public IReadOnlyList<SrtpProfile> Profiles { get; set; } =
        [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm, SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.Aes128CmHmacSha1_32];

    /// <summary>
    /// Gets or sets the largest datagram the handshake sends, in bytes; larger handshake messages are
    /// fragmented (RFC 6347 §4.2.3). The transport's own limit applies when it is smaller.
    /// </summary>
    /// <value>The default is 1200. Allowed: 256 to 65507.</value>
    public int Mtu { get; set; } = 1200;

    /// <summary>Gets or sets the first retransmission timeout of a handshake flight; it doubles on each loss (RFC 6347 §4.2.4).</summary>
    /// <value>The default is 1 second. Allowed: 50 ms to 10 s.</value>
    public TimeSpan InitialRetransmitTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long a handshake may take in all before it is abandoned with <see cref="MediaErrorCodes.HandshakeTimeout"/>.</summary>
    /// <value>The default is 30 seconds. Allowed: 100 ms to 10 minutes.</value>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets whether a client also offers ECDHE_RSA cipher suites, to reach peers whose certificate
    /// is RSA. Local certificates are always ECDSA P-256.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool AllowRsaPeers { get; set; }

    /// <summary>Gets or sets how many received media packets a channel holds for a reader that has not caught up; more are dropped.</summary>
    /// <value>The default is 256. Allowed: 1 to 65536.</value>
    public int ReceiveQueueCapacity { get; set; } = 256;
}
