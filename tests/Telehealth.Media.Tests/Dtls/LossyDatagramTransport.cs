using System.Net;
using Telehealth.Media.Dtls;

namespace Telehealth.Media.Tests.Dtls;

/// <summary>Wraps a transport and silently drops its first <c>dropFirstSends</c> outgoing datagrams, as a lossy path would.</summary>
internal sealed class LossyDatagramTransport(IDatagramTransport inner, int dropFirstSends) : IDatagramTransport
{
    private int _sends;

    public int Dropped => Math.Min(Volatile.Read(ref _sends), dropFirstSends);

    public int MaxDatagramSize => inner.MaxDatagramSize;

    public EndPoint? RemoteEndPoint => inner.RemoteEndPoint;

    public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default) =>
        Interlocked.Increment(ref _sends) <= dropFirstSends ? ValueTask.CompletedTask : inner.SendAsync(datagram, cancellationToken);

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReceiveAsync(buffer, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
