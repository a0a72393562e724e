using Org.BouncyCastle.Tls;
using Telehealth.Media.Srtp;

namespace Telehealth.Media.Dtls;

/// <summary>
/// An established DTLS-SRTP association: the negotiated SRTP profile and the SRTP sessions of both
/// directions, keyed from the handshake (RFC 5764 §4.2). Until it is disposed it keeps answering the
/// peer's retransmitted final flight (RFC 6347 §4.2.4) and notices the peer's close_notify; disposing it
/// sends close_notify and disposes both sessions. The datagram transport belongs to the caller.
/// </summary>
public sealed class DtlsSrtpAssociation : IAsyncDisposable
{
    private readonly DtlsDatagramBridge _bridge;
    private readonly CancellationTokenSource _lifetime;
    private readonly Task _sendPump;
    private readonly Lock _receiveLock = new();
    private Task? _receivePump;
    private DtlsTransport? _dtls;
    private SrtpSession? _outbound;
    private SrtpSession? _inbound;
    private int _disposed;
    private int _profileId;

    internal DtlsSrtpAssociation(DtlsRole role, CertificateFingerprint localFingerprint, CertificateFingerprint remoteFingerprint, IDatagramTransport transport, DtlsDatagramBridge bridge, CancellationTokenSource lifetime)
    {
        Role = role;
        LocalFingerprint = localFingerprint;
        RemoteFingerprint = remoteFingerprint;
        _bridge = bridge;
        _lifetime = lifetime;
        _sendPump = SendPumpAsync(transport, lifetime.Token);
    }

    /// <summary>Gets this endpoint's DTLS role.</summary>
    public DtlsRole Role { get; }

    /// <summary>Gets the SRTP protection profile the handshake negotiated.</summary>
    public SrtpProfile Profile => (SrtpProfile)Volatile.Read(ref _profileId);

    /// <summary>Gets the fingerprint of this endpoint's certificate.</summary>
    public CertificateFingerprint LocalFingerprint { get; }

    /// <summary>Gets the fingerprint of the peer's certificate, equal to the expected one.</summary>
    public CertificateFingerprint RemoteFingerprint { get; }

    /// <summary>Gets whether the peer has closed the association (close_notify or a fatal alert).</summary>
    public bool IsClosedByPeer { get; private set; }

    /// <summary>Gets the session that protects what this endpoint sends (keyed with its own role's write keys).</summary>
    /// <exception cref="MediaException"><see cref="MediaErrorCodes.ChannelClosed"/> after disposal.</exception>
    public SrtpSession Outbound => _outbound ?? throw Errors.ChannelClosed();

    /// <summary>Gets the session that unprotects what the peer sends.</summary>
    /// <exception cref="MediaException"><see cref="MediaErrorCodes.ChannelClosed"/> after disposal.</exception>
    public SrtpSession Inbound => _inbound ?? throw Errors.ChannelClosed();

    internal DtlsDatagramBridge Bridge => _bridge;

    internal CancellationToken Lifetime => _lifetime.Token;

    internal void Establish(DtlsTransport dtls, SrtpProfile profile, SrtpSession outbound, SrtpSession inbound)
    {
        _outbound = outbound;
        _inbound = inbound;
        _dtls = dtls;

        // Published last: a receive loop that sees the profile also sees the sessions.
        Volatile.Write(ref _profileId, (int)profile);
    }

    internal void SetReceivePump(Task pump) => _receivePump = pump;

    /// <summary>
    /// Takes a DTLS datagram from the wire: during the handshake it is queued for BouncyCastle; afterwards it is
    /// processed at once, so a retransmitted final flight is answered and a close_notify is seen.
    /// </summary>
    internal void OnDtlsDatagram(ReadOnlySpan<byte> datagram)
    {
        if (!_bridge.Deliver(datagram) || _dtls is not { } dtls)
        {
            return;
        }

        lock (_receiveLock)
        {
            try
            {
                // Application data is not used by DTLS-SRTP; the buffer only has to hold one record.
                Span<byte> sink = stackalloc byte[2048];
                while (dtls.Receive(sink, 1) >= 0)
                {
                }

                IsClosedByPeer |= _bridge.IsClosed;
            }
            catch (TlsException)
            {
                IsClosedByPeer = true;
            }
            catch (IOException)
            {
                IsClosedByPeer = true;
            }
        }
    }

    /// <summary>Sends close_notify, stops the pumps and disposes both SRTP sessions.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _dtls?.Close();
        }
        catch (IOException)
        {
        }

        // Closing the bridge completes the send queue: the pump puts close_notify on the wire and ends.
        _bridge.Close();
        await _sendPump.ConfigureAwait(false);
        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_receivePump is not null)
        {
            await _receivePump.ConfigureAwait(false);
        }

        _bridge.Dispose();
        _lifetime.Dispose();
        _outbound?.Dispose();
        _inbound?.Dispose();
        _outbound = null;
        _inbound = null;
    }

    /// <summary>Describes the association by role, profile and fingerprints; never by key.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"DtlsSrtpAssociation {Role} {Profile} remote {RemoteFingerprint}";

    private async Task SendPumpAsync(IDatagramTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            await _bridge.PumpSendsAsync(transport, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
