namespace Telehealth.Media.Srtp;

/// <summary>The sizes that a <see cref="SrtpProfile"/> fixes: master key and salt lengths, and how much a protected packet grows.</summary>
public static class SrtpProfileInfo
{
    /// <summary>Gets the length in bytes of the master key of a profile: 16 for the AES-128 profiles, 32 for AES-256-GCM.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The master key length in bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="profile"/> is not a defined profile.</exception>
    public static int MasterKeyLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 or SrtpProfile.Aes128CmHmacSha1_32 or SrtpProfile.AeadAes128Gcm => 16,
        SrtpProfile.AeadAes256Gcm => 32,
        _ => throw UnknownProfile(profile),
    };

    /// <summary>Gets the length in bytes of the master salt of a profile: 14 for AES-CM (RFC 3711), 12 for AES-GCM (RFC 7714).</summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The master salt length in bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="profile"/> is not a defined profile.</exception>
    public static int MasterSaltLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 or SrtpProfile.Aes128CmHmacSha1_32 => 14,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => 12,
        _ => throw UnknownProfile(profile),
    };

    /// <summary>
    /// Gets the number of bytes an RTP packet grows by when protected: the authentication tag (10, 4 or 16
    /// bytes). No MKI is sent.
    /// </summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The growth in bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="profile"/> is not a defined profile.</exception>
    public static int RtpOverhead(SrtpProfile profile) => RtpTagLength(profile);

    /// <summary>
    /// Gets the number of bytes an RTCP packet grows by when protected: the 4-byte E flag and SRTCP index plus
    /// the authentication tag (10 bytes for both AES-CM profiles, 16 for AES-GCM).
    /// </summary>
    /// <param name="profile">The profile.</param>
    /// <returns>The growth in bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="profile"/> is not a defined profile.</exception>
    public static int RtcpOverhead(SrtpProfile profile) => SrtcpIndexLength + RtcpTagLength(profile);

    /// <summary>Gets whether the profile is an AEAD (AES-GCM) profile of RFC 7714.</summary>
    /// <param name="profile">The profile.</param>
    /// <returns><see langword="true"/> for the GCM profiles.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="profile"/> is not a defined profile.</exception>
    public static bool IsAead(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 or SrtpProfile.Aes128CmHmacSha1_32 => false,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => true,
        _ => throw UnknownProfile(profile),
    };

    internal const int SrtcpIndexLength = 4;

    internal static int RtpTagLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 => 10,
        SrtpProfile.Aes128CmHmacSha1_32 => 4,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => 16,
        _ => throw UnknownProfile(profile),
    };

    internal static int RtcpTagLength(SrtpProfile profile) => profile switch
    {
        SrtpProfile.Aes128CmHmacSha1_80 or SrtpProfile.Aes128CmHmacSha1_32 => 10,
        SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm => 16,
        _ => throw UnknownProfile(profile),
    };

    private static ArgumentOutOfRangeException UnknownProfile(SrtpProfile profile) =>
        new(nameof(profile), profile, "The SRTP protection profile is not one this package implements.");
}
