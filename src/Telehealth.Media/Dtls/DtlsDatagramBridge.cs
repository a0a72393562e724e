using System.Collections.Concurrent;
using System.Threading.Channels;
using Org.BouncyCastle.Tls;

namespace Telehealth.Media.Dtls;

/// <summary>
/// Adapts BouncyCastle's blocking <see cref="DatagramTransport"/> to the asynchronous transport. Received DTLS
/// datagrams are <see cref="Deliver">delivered</see> into a bounded queue that BouncyCastle's handshake thread
/// takes from; datagrams BouncyCastle sends go into a queue that <see cref="PumpSendsAsync"/> drains
/// asynchronously, so no thread blocks on a socket. Both queues are bounded: a flood is dropped, not buffered.
/// </summary>
internal sealed class DtlsDatagramBridge : DatagramTransport, IDisposable
{
    // A handshake flight is a handful of datagrams; anything past this is a flood and is dropped.
    private const int QueueCapacity = 64;

    private readonly BlockingCollection<byte[]> _received = new(new ConcurrentQueue<byte[]>(), QueueCapacity);
    private readonly Channel<byte[]> _toSend = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly int _sendLimit;
    private readonly int _receiveLimit;

    public DtlsDatagramBridge(int sendLimit, int receiveLimit)
    {
        _sendLimit = sendLimit;
        _receiveLimit = receiveLimit;
    }

    /// <summary>Gets the number of datagrams dropped because they were oversized or the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    private long _dropped;

    /// <summary>Queues a received DTLS datagram for BouncyCastle; returns <see langword="false"/> when it is dropped.</summary>
    public bool Deliver(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > _receiveLimit || _received.IsAddingCompleted || !_received.TryAdd(datagram.ToArray()))
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }

        return true;
    }

    /// <summary>Sends what BouncyCastle queued until the bridge is closed or <paramref name="cancellationToken"/> fires.</summary>
    public async Task PumpSendsAsync(IDatagramTransport transport, CancellationToken cancellationToken)
    {
        await foreach (var datagram in _toSend.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await transport.SendAsync(datagram, cancellationToken).ConfigureAwait(false);
            }
            catch (MediaException)
            {
                // A failed send is a lost datagram: the handshake retransmits, and a lasting failure ends in its timeout.
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    /// <summary>Gets whether BouncyCastle or the owner has closed the bridge.</summary>
    public bool IsClosed => _received.IsAddingCompleted;

    /// <summary>Gets or sets the token that ends a blocked <see cref="Receive(Span{byte}, int)"/>: the handshake's deadline.</summary>
    public CancellationToken Abort { get; set; }

    public int GetReceiveLimit() => _receiveLimit;

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        // BouncyCastle reads zero as "wait forever"; the handshake timeout still ends that wait through _abort.
        if (!_received.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis, Abort))
        {
            return -1;
        }

        var length = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (!_toSend.Writer.TryWrite(buffer.ToArray()))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Called by BouncyCastle when the DTLS connection closes; later sends are refused.</summary>
    public void Close()
    {
        _toSend.Writer.TryComplete();
        _received.CompleteAdding();
    }

    public void Dispose()
    {
        Close();
        _received.Dispose();
    }
}
