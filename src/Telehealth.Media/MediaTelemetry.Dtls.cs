using System.Diagnostics.Metrics;

namespace Telehealth.Media;

/// <summary>Counters of DTLS-SRTP handshakes and of the secure media channel.</summary>
internal static partial class MediaTelemetry
{
    public static readonly Counter<long> HandshakesCompleted = Meter.CreateCounter<long>("telehealth.media.dtls.handshakes.completed", description: "DTLS-SRTP handshakes completed, tagged with role and SRTP profile.");

    public static readonly Counter<long> HandshakesFailed = Meter.CreateCounter<long>("telehealth.media.dtls.handshakes.failed", description: "DTLS-SRTP handshakes failed, tagged with role and error code.");

    public static readonly Counter<long> DatagramsDropped = Meter.CreateCounter<long>("telehealth.media.channel.datagrams.dropped", description: "Datagrams the secure media channel dropped, tagged with the reason.");
}
