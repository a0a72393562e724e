using System.Diagnostics;

namespace Telehealth.Media.Srtp;

/// <summary>
/// The cryptographic context of one direction of a media session: SRTP (RFC 3711, RFC 7714) and SRTCP under
/// one master key and salt, with the session keys derived at creation (RFC 3711 §4.3, key derivation rate 0)
/// and per-SSRC state (roll-over counter, highest index, replay window) kept inside.
/// </summary>
/// <remarks>
/// <para>
/// Use one session to protect what you send and another, created from the peer's key, to unprotect what you
/// receive: a session remembers every packet index it protected or accepted, so the same session cannot do both
/// for the same SSRC.
/// </para>
/// <para>
/// All methods work in place on the caller's buffer and allocate nothing per packet once an SSRC is known (except
/// a GCM packet that fails authentication, which the platform reports by an exception caught inside). A
/// session is safe to use from several threads: calls are serialized by a lock held for the duration of one
/// packet, so an RTCP timer and a media thread may share it. Handlers of <see cref="RekeyRequired"/> run on the
/// thread of the call that crossed the threshold, after the lock is released.
/// </para>
/// <para>
/// The throwing methods raise <see cref="MediaException"/> with a code from <see cref="MediaErrorCodes"/>. The
/// <c>Try</c> methods return an <see cref="SrtpStatus"/> instead and are the ones to use on the receive path, where
/// forged, replayed or corrupted packets arrive at line rate and should not cost an exception each. When an
/// unprotect fails the session state is unchanged; the buffer content is then unspecified (AES-GCM clears the
/// payload of a packet that fails authentication).
/// </para>
/// <para>
/// Keys are held in the session only; <see cref="Dispose"/> zeroes them, and <see cref="ToString"/> shows the
/// profile alone.
/// </para>
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed partial class SrtpSession : IDisposable
{
    private static readonly SrtpOptionsValidator Validator = new();

    /// <summary>Gets the protection profile of the session.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>
    /// Gets whether a packet limit of the master key has been approached (see
    /// <see cref="SrtpOptions.RekeyWarningPercent"/>); once set it stays set. Agree a new key and create a new session.
    /// </summary>
    public bool IsRekeyRequired => Volatile.Read(ref _rekeyRequired);

    /// <summary>
    /// Raised once per kind (SRTP, SRTCP) when the master key approaches a packet limit, before packets are refused.
    /// Handlers run synchronously on the thread of the packet that crossed the threshold; keep them short.
    /// </summary>
    public event EventHandler<SrtpRekeyRequiredEventArgs>? RekeyRequired;

    /// <summary>Creates the context of one direction from a master key and master salt, deriving the session keys.</summary>
    /// <param name="profile">The protection profile, as negotiated (for example by DTLS-SRTP).</param>
    /// <param name="masterKey">The master key; its length must be <see cref="SrtpProfileInfo.MasterKeyLength"/>. It is not retained.</param>
    /// <param name="masterSalt">The master salt; its length must be <see cref="SrtpProfileInfo.MasterSaltLength"/>. It is not retained.</param>
    /// <param name="options">The limits; <see langword="null"/> for the defaults.</param>
    /// <returns>A new session; dispose it to zero its keys.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="profile"/> is not defined.</exception>
    /// <exception cref="ArgumentException">A key or salt has the wrong length, or <paramref name="options"/> are invalid (the message lists every error).</exception>
    public static SrtpSession Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpOptions? options = null)
    {
        var keyLength = SrtpProfileInfo.MasterKeyLength(profile);
        if (masterKey.Length != keyLength)
        {
            throw new ArgumentException($"The master key of {profile} must be {keyLength} bytes.", nameof(masterKey));
        }

        var saltLength = SrtpProfileInfo.MasterSaltLength(profile);
        if (masterSalt.Length != saltLength)
        {
            throw new ArgumentException($"The master salt of {profile} must be {saltLength} bytes.", nameof(masterSalt));
        }

        options ??= new SrtpOptions();
        var validation = Validator.Validate(null, options);
        if (validation.Failed)
        {
            throw new ArgumentException(validation.FailureMessage, nameof(options));
        }

        var (rtp, rtcp) = SrtpKeyDerivation.DeriveSessionKeys(profile, masterKey, masterSalt);
        using (rtp)
        using (rtcp)
        {
            return new SrtpSession(profile, rtp, rtcp, options);
        }
    }

    /// <summary>
    /// Announces an SSRC so that packets from it are accepted under <see cref="SrtpUnknownSsrcPolicy.Refuse"/>
    /// (its state starts with roll-over counter 0). Does nothing if the SSRC is already known.
    /// </summary>
    /// <param name="ssrc">The synchronization source identifier.</param>
    /// <exception cref="MediaException"><see cref="MediaErrorCodes.SrtpSsrcLimitReached"/>: the session already tracks <see cref="SrtpOptions.MaxSsrcs"/> SSRCs.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public void AddSsrc(uint ssrc) => ThrowIfFailed(TryAddSsrc(ssrc));

    /// <summary>
    /// Protects in place the RTP packet of <paramref name="length"/> bytes at the start of <paramref name="buffer"/>:
    /// encrypts its payload and appends the authentication tag.
    /// </summary>
    /// <param name="buffer">Holds the RTP packet and at least <see cref="SrtpProfileInfo.RtpOverhead"/> more bytes.</param>
    /// <param name="length">The length of the RTP packet.</param>
    /// <returns>The length of the SRTP packet.</returns>
    /// <exception cref="MediaException">The packet is malformed, the buffer is too small, the index would be reused, or the key is exhausted (see <see cref="SrtpStatus"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or larger than the buffer.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        ThrowIfFailed(TryProtectRtp(buffer, length, out var protectedLength));
        return protectedLength;
    }

    /// <summary>Protects an RTP packet in place, reporting failure as a status rather than an exception.</summary>
    /// <param name="buffer">Holds the RTP packet and at least <see cref="SrtpProfileInfo.RtpOverhead"/> more bytes.</param>
    /// <param name="length">The length of the RTP packet.</param>
    /// <param name="protectedLength">The length of the SRTP packet, or 0 on failure.</param>
    /// <returns><see cref="SrtpStatus.Success"/>, or why the packet was not protected (the buffer is then unchanged).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or larger than the buffer.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public SrtpStatus TryProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        return Complete(ProtectRtpCore(buffer, length, out protectedLength));
    }

    /// <summary>
    /// Authenticates, checks for replay and decrypts in place an SRTP packet; the roll-over counter and replay window
    /// change only after the packet authenticated.
    /// </summary>
    /// <param name="buffer">Exactly the received SRTP packet.</param>
    /// <returns>The length of the RTP packet at the start of <paramref name="buffer"/>.</returns>
    /// <exception cref="MediaException">The packet is malformed, forged, replayed, from a refused SSRC, or the key is exhausted (see <see cref="SrtpStatus"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public int UnprotectRtp(Span<byte> buffer)
    {
        ThrowIfFailed(TryUnprotectRtp(buffer, out var length));
        return length;
    }

    /// <summary>Unprotects an SRTP packet in place without throwing for bad packets: the receive-path form of <see cref="UnprotectRtp"/>.</summary>
    /// <param name="buffer">Exactly the received SRTP packet.</param>
    /// <param name="length">The length of the RTP packet, or 0 on failure.</param>
    /// <returns><see cref="SrtpStatus.Success"/>, or why the packet was refused (the session state is then unchanged).</returns>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public SrtpStatus TryUnprotectRtp(Span<byte> buffer, out int length) => Complete(UnprotectRtpCore(buffer, out length));

    /// <summary>
    /// Protects in place the RTCP (compound) packet of <paramref name="length"/> bytes at the start of
    /// <paramref name="buffer"/>: encrypts all but its first 8 bytes, appends the E flag and SRTCP index, and the tag.
    /// </summary>
    /// <param name="buffer">Holds the RTCP packet and at least <see cref="SrtpProfileInfo.RtcpOverhead"/> more bytes.</param>
    /// <param name="length">The length of the RTCP packet.</param>
    /// <returns>The length of the SRTCP packet.</returns>
    /// <exception cref="MediaException">The packet is malformed, the buffer is too small, or the key is exhausted (see <see cref="SrtpStatus"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or larger than the buffer.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        ThrowIfFailed(TryProtectRtcp(buffer, length, out var protectedLength));
        return protectedLength;
    }

    /// <summary>Protects an RTCP packet in place, reporting failure as a status rather than an exception.</summary>
    /// <param name="buffer">Holds the RTCP packet and at least <see cref="SrtpProfileInfo.RtcpOverhead"/> more bytes.</param>
    /// <param name="length">The length of the RTCP packet.</param>
    /// <param name="protectedLength">The length of the SRTCP packet, or 0 on failure.</param>
    /// <returns><see cref="SrtpStatus.Success"/>, or why the packet was not protected (the buffer is then unchanged).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or larger than the buffer.</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public SrtpStatus TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        return Complete(ProtectRtcpCore(buffer, length, out protectedLength));
    }

    /// <summary>Authenticates, checks for replay and decrypts in place an SRTCP packet; the replay window changes only after the packet authenticated.</summary>
    /// <param name="buffer">Exactly the received SRTCP packet.</param>
    /// <returns>The length of the RTCP packet at the start of <paramref name="buffer"/>.</returns>
    /// <exception cref="MediaException">The packet is malformed, unencrypted, forged, replayed, from a refused SSRC, or the key is exhausted (see <see cref="SrtpStatus"/>).</exception>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public int UnprotectRtcp(Span<byte> buffer)
    {
        ThrowIfFailed(TryUnprotectRtcp(buffer, out var length));
        return length;
    }

    /// <summary>Unprotects an SRTCP packet in place without throwing for bad packets: the receive-path form of <see cref="UnprotectRtcp"/>.</summary>
    /// <param name="buffer">Exactly the received SRTCP packet.</param>
    /// <param name="length">The length of the RTCP packet, or 0 on failure.</param>
    /// <returns><see cref="SrtpStatus.Success"/>, or why the packet was refused (the session state is then unchanged).</returns>
    /// <exception cref="ObjectDisposedException">The session is disposed.</exception>
    public SrtpStatus TryUnprotectRtcp(Span<byte> buffer, out int length) => Complete(UnprotectRtcpCore(buffer, out length));

    /// <summary>Returns the profile of the session; never key material.</summary>
    /// <returns>A description such as <c>SrtpSession(AeadAes128Gcm)</c>.</returns>
    public override string ToString() => $"SrtpSession({Profile})";

    private static void ThrowIfFailed(SrtpStatus status)
    {
        if (status != SrtpStatus.Success)
        {
            throw Errors.Srtp(status);
        }
    }
}
