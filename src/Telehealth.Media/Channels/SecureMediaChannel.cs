using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telehealth.Media.Dtls;
using Telehealth.Media.Srtp;

namespace Telehealth.Media.Channels;

/// <summary>
/// Secure media over one datagram transport: the DTLS-SRTP handshake, then RTP and RTCP protected with the
/// negotiated SRTP and SRTCP sessions. Received datagrams are demultiplexed by their first byte (RFC 7983):
/// DTLS goes to the association, SRTP and SRTCP are unprotected and queued for <see cref="ReceiveAsync"/>,
/// anything else — and any packet that fails to authenticate — is dropped and counted. Sends may come from
/// several threads; one reader at a time receives.
/// </summary>
public sealed partial class SecureMediaChannel : IAsyncDisposable
{
    private readonly IDatagramTransport _transport;
    private readonly ILogger _logger;
    private readonly Channel<Received> _received;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _sendLock = new();
    private readonly Task _receiveLoop;
    private DtlsSrtpAssociation? _association;
    private long _dropped;
    private int _disposed;

    private SecureMediaChannel(IDatagramTransport transport, int receiveQueueCapacity, ILogger logger)
    {
        _transport = transport;
        _logger = logger;
        _received = Channel.CreateBounded<Received>(
            new BoundedChannelOptions(receiveQueueCapacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.DropWrite },
            dropped =>
            {
                ArrayPool<byte>.Shared.Return(dropped.Buffer);
                Drop("queue-full");
            });
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Gets the established DTLS-SRTP association (profile, fingerprints).</summary>
    public DtlsSrtpAssociation Association => _association ?? throw Errors.ChannelClosed();

    /// <summary>Gets the negotiated SRTP profile.</summary>
    public SrtpProfile Profile => Association.Profile;

    /// <summary>Gets how many datagrams were dropped: neither DTLS nor RTP/RTCP, failing SRTP checks, early, or over the queue.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Takes <paramref name="transport"/>, runs the handshake on it and returns the channel once keys are
    /// agreed. The transport is disposed with the channel, or at once if the handshake fails.
    /// </summary>
    /// <param name="endpoint">Runs the handshake with its options, audit log and clock.</param>
    /// <param name="transport">The connected transport; the channel owns it from now on.</param>
    /// <param name="role">This endpoint's DTLS role.</param>
    /// <param name="certificate">This endpoint's certificate.</param>
    /// <param name="remoteFingerprint">The peer's fingerprint from signaling.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The open channel.</returns>
    /// <exception cref="MediaException">The handshake failed.</exception>
    public static async Task<SecureMediaChannel> OpenAsync(
        DtlsSrtpEndpoint endpoint,
        IDatagramTransport transport,
        DtlsRole role,
        DtlsCertificate certificate,
        CertificateFingerprint remoteFingerprint,
        ILogger<SecureMediaChannel>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(transport);
        var channel = new SecureMediaChannel(transport, endpoint.Options.ReceiveQueueCapacity, logger ?? (ILogger)NullLogger.Instance);
        try
        {
            await endpoint.HandshakeAsync(transport, role, certificate, remoteFingerprint, association => Volatile.Write(ref channel._association, association), cancellationToken).ConfigureAwait(false);
            return channel;
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Protects an RTP packet with SRTP and sends it.</summary>
    /// <param name="rtpPacket">The RTP packet (header and payload).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the packet is sent.</returns>
    /// <exception cref="MediaException">The packet is not RTP, too large, or SRTP refused it (see <see cref="SrtpStatus"/>); or the channel is closed.</exception>
    public ValueTask SendRtpAsync(ReadOnlyMemory<byte> rtpPacket, CancellationToken cancellationToken = default) =>
        SendAsync(rtpPacket, rtcp: false, cancellationToken);

    /// <summary>Protects an RTCP compound packet with SRTCP and sends it.</summary>
    /// <param name="rtcpPacket">The RTCP packet.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the packet is sent.</returns>
    /// <exception cref="MediaException">The packet is not RTCP, too large, or SRTCP refused it; or the channel is closed.</exception>
    public ValueTask SendRtcpAsync(ReadOnlyMemory<byte> rtcpPacket, CancellationToken cancellationToken = default) =>
        SendAsync(rtcpPacket, rtcp: true, cancellationToken);

    /// <summary>Waits for the next authenticated RTP or RTCP packet and writes it, unprotected, into <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Where to write the packet; 1500 bytes hold any packet of a common path.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>What was received and its length.</returns>
    /// <exception cref="MediaException"><see cref="MediaErrorCodes.PacketTooLarge"/> when the packet does not fit (it is dropped); <see cref="MediaErrorCodes.ChannelClosed"/> once the channel is closed.</exception>
    public async ValueTask<ReceivedMediaPacket> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Received packet;
        try
        {
            packet = await _received.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw Errors.ChannelClosed();
        }

        try
        {
            if (packet.Length > buffer.Length)
            {
                throw Errors.PacketTooLarge(packet.Length, buffer.Length);
            }

            packet.Buffer.AsSpan(0, packet.Length).CopyTo(buffer.Span);
            return new ReceivedMediaPacket(packet.Kind, packet.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packet.Buffer);
        }
    }

    /// <summary>Closes the association (close_notify), stops receiving and disposes the transport.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _association) is { } association)
        {
            await association.DisposeAsync().ConfigureAwait(false);
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        _received.Writer.TryComplete();
        while (_received.Reader.TryRead(out var left))
        {
            ArrayPool<byte>.Shared.Return(left.Buffer);
        }

        _lifetime.Dispose();
    }

    /// <summary>Describes the channel by its association; never by key.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => $"SecureMediaChannel {_association?.ToString() ?? "handshaking"}";

    private async ValueTask SendAsync(ReadOnlyMemory<byte> packet, bool rtcp, CancellationToken cancellationToken)
    {
        var association = _association;
        if (association is null || Volatile.Read(ref _disposed) != 0 || association.IsClosedByPeer)
        {
            throw Errors.ChannelClosed();
        }

        var kind = DatagramClassifier.Classify(packet.Span);
        if (kind != (rtcp ? DatagramClassifier.Kind.Rtcp : DatagramClassifier.Kind.Rtp))
        {
            throw Errors.NotAnRtpPacket(rtcp ? "an RTCP packet has version 2 and a packet type of 192 to 223" : "an RTP packet has version 2 and a payload type that is not in the RTCP range");
        }

        var overhead = rtcp ? SrtpProfileInfo.RtcpOverhead(association.Profile) : SrtpProfileInfo.RtpOverhead(association.Profile);
        if (packet.Length + overhead > _transport.MaxDatagramSize)
        {
            throw Errors.PacketTooLarge(packet.Length + overhead, _transport.MaxDatagramSize);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(packet.Length + overhead);
        try
        {
            int length;
            lock (_sendLock)
            {
                // One SRTP context per direction, shared by all senders: protection is serialized, the send is not.
                packet.Span.CopyTo(buffer);
                length = rtcp
                    ? association.Outbound.ProtectRtcp(buffer.AsSpan(0, packet.Length + overhead), packet.Length)
                    : association.Outbound.ProtectRtp(buffer.AsSpan(0, packet.Length + overhead), packet.Length);
            }

            await _transport.SendAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var datagram = new byte[DtlsSrtpEndpoint.MaxDtlsDatagram];
        try
        {
            while (true)
            {
                var length = await _transport.ReceiveAsync(datagram, _lifetime.Token).ConfigureAwait(false);
                Dispatch(datagram.AsSpan(0, length));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (MediaException e)
        {
            LogTransportFailed(_logger, e.Code, e);
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    private void Dispatch(ReadOnlySpan<byte> datagram)
    {
        var kind = DatagramClassifier.Classify(datagram);
        var association = Volatile.Read(ref _association);
        switch (kind)
        {
            case DatagramClassifier.Kind.Dtls when association is not null:
                association.OnDtlsDatagram(datagram);
                return;
            case DatagramClassifier.Kind.Rtp or DatagramClassifier.Kind.Rtcp when association is { Profile: not 0 }:
                Unprotect(association, datagram, kind);
                return;
            case DatagramClassifier.Kind.Unknown:
                Drop("not-dtls-or-rtp");
                return;
            default:
                Drop("before-keys");
                return;
        }
    }

    private void Unprotect(DtlsSrtpAssociation association, ReadOnlySpan<byte> datagram, DatagramClassifier.Kind kind)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        SrtpStatus status;
        int length;
        try
        {
            status = kind == DatagramClassifier.Kind.Rtcp
                ? association.Inbound.TryUnprotectRtcp(buffer.AsSpan(0, datagram.Length), out length)
                : association.Inbound.TryUnprotectRtp(buffer.AsSpan(0, datagram.Length), out length);
        }
        catch (Exception e) when (e is MediaException or ObjectDisposedException)
        {
            // The association closed under the receive loop: its sessions are gone.
            status = SrtpStatus.AuthenticationFailed;
            length = 0;
        }

        if (status != SrtpStatus.Success)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Drop(status.ToString());
            return;
        }

        _received.Writer.TryWrite(new Received(buffer, length, kind == DatagramClassifier.Kind.Rtcp ? MediaPacketKind.Rtcp : MediaPacketKind.Rtp));
    }

    private void Drop(string reason)
    {
        Interlocked.Increment(ref _dropped);
        MediaTelemetry.DatagramsDropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The secure media channel stopped receiving: the transport failed ({Code}).")]
    private static partial void LogTransportFailed(ILogger logger, string code, Exception exception);

    private readonly record struct Received(byte[] Buffer, int Length, MediaPacketKind Kind);
}
