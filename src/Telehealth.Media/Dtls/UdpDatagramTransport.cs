using System.Net;
using System.Net.Sockets;

namespace Telehealth.Media.Dtls;

/// <summary>
/// An <see cref="IDatagramTransport"/> over one UDP socket bound to a local address and connected to one
/// peer, so the operating system drops datagrams from any other address.
/// </summary>
public sealed class UdpDatagramTransport : IDatagramTransport
{
    private readonly Socket _socket;

    private UdpDatagramTransport(Socket socket, int maxDatagramSize)
    {
        _socket = socket;
        MaxDatagramSize = maxDatagramSize;
    }

    /// <summary>Gets the local address the socket is bound to (with the port the system chose for port 0).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <inheritdoc />
    public EndPoint? RemoteEndPoint => _socket.Connected ? _socket.RemoteEndPoint : null;

    /// <inheritdoc />
    public int MaxDatagramSize { get; }

    /// <summary>Binds a UDP socket to <paramref name="localEndPoint"/>; call <see cref="Connect"/> before sending.</summary>
    /// <param name="localEndPoint">The local address; port 0 lets the system choose.</param>
    /// <param name="maxDatagramSize">The largest datagram payload to send; the default, 1200, fits every common path.</param>
    /// <returns>The transport.</returns>
    public static UdpDatagramTransport Bind(IPEndPoint localEndPoint, int maxDatagramSize = 1200)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDatagramSize, 256);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDatagramSize, 65507);
        var socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(localEndPoint);
            return new UdpDatagramTransport(socket, maxDatagramSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Connects the socket to the peer: datagrams go to it, and only its datagrams are received.</summary>
    /// <param name="remoteEndPoint">The peer's address, from ICE or signaling.</param>
    public void Connect(IPEndPoint remoteEndPoint)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        _socket.Connect(remoteEndPoint);
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        if (datagram.Length > MaxDatagramSize)
        {
            throw Errors.PacketTooLarge(datagram.Length, MaxDatagramSize);
        }

        try
        {
            await _socket.SendAsync(datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw Errors.TransportFailed(e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                return await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                // An ICMP port-unreachable from an earlier send, or a datagram larger than the buffer: neither ends
                // the association (the peer may not be listening yet), so keep receiving.
            }
            catch (SocketException e)
            {
                throw Errors.TransportFailed(e);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
