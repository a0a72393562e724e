using System.Net;

namespace Telehealth.Media.Dtls;

/// <summary>
/// A connected, unreliable datagram transport to one peer (UDP, or a test double). DTLS-SRTP and the
/// secure media channel run over it; it neither orders nor retransmits. Implementations allow one send and
/// one receive at a time concurrently.
/// </summary>
public interface IDatagramTransport : IAsyncDisposable
{
    /// <summary>Gets the largest datagram payload this transport sends, in bytes (the path MTU less IP and UDP headers).</summary>
    int MaxDatagramSize { get; }

    /// <summary>Gets the peer's address, when the transport has one.</summary>
    EndPoint? RemoteEndPoint { get; }

    /// <summary>Sends one datagram.</summary>
    /// <param name="datagram">The datagram.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the datagram has been handed to the network.</returns>
    ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default);

    /// <summary>Receives the next datagram from the peer; a datagram larger than <paramref name="buffer"/> is truncated.</summary>
    /// <param name="buffer">Where to write the datagram.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The number of bytes written.</returns>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);
}
