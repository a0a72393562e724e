using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Media.Srtp;

/// <summary>
/// The SRTP protection profiles this package implements. The values are the DTLS-SRTP protection profile
/// identifiers registered by IANA (RFC 5764 §4.1.2, RFC 7714 §14.2), so they can be written to and read
/// from the <c>use_srtp</c> extension as they are.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores", Justification = "The suffix is the tag length in bits, as in the registered names SRTP_AES128_CM_HMAC_SHA1_80 and _32.")]
public enum SrtpProfile : ushort
{
    /// <summary><c>SRTP_AES128_CM_HMAC_SHA1_80</c>: AES-128 counter mode, HMAC-SHA1 with an 80-bit tag on RTP and RTCP.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary><c>SRTP_AES128_CM_HMAC_SHA1_32</c>: AES-128 counter mode, HMAC-SHA1 with a 32-bit tag on RTP and an 80-bit tag on RTCP.</summary>
    Aes128CmHmacSha1_32 = 0x0002,

    /// <summary><c>SRTP_AEAD_AES_128_GCM</c>: AES-128 in Galois/Counter Mode with a 128-bit tag (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary><c>SRTP_AEAD_AES_256_GCM</c>: AES-256 in Galois/Counter Mode with a 128-bit tag (RFC 7714).</summary>
    AeadAes256Gcm = 0x0008,
}
