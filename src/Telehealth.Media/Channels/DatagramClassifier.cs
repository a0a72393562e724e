namespace Telehealth.Media.Channels;

/// <summary>
/// Tells what a datagram on a shared media socket is, by its first byte (RFC 7983 §7) and, for RTP and RTCP
/// multiplexed on one port, by its second byte (RFC 5761 §4): packet types 192–223 are RTCP.
/// </summary>
internal static class DatagramClassifier
{
    public enum Kind
    {
        Unknown,
        Dtls,
        Rtp,
        Rtcp,
    }

    public static Kind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return Kind.Unknown;
        }

        return datagram[0] switch
        {
            >= 20 and <= 63 => Kind.Dtls,
            >= 128 and <= 191 when datagram.Length >= 2 => datagram[1] is >= 192 and <= 223 ? Kind.Rtcp : Kind.Rtp,
            _ => Kind.Unknown,
        };
    }
}
