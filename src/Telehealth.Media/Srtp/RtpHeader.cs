using System.Buffers.Binary;

namespace Telehealth.Media.Srtp;

/// <summary>Checks the RTP and RTCP headers (RFC 3550 §5.1, §6.4) that SRTP needs to find the payload.</summary>
internal static class RtpHeader
{
    public const int FixedLength = 12;
    public const int RtcpFixedLength = 8;

    /// <summary>Finds the length of the RTP header (fixed part, CSRCs, extension) of <paramref name="packet"/>.</summary>
    public static SrtpStatus Parse(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedLength)
        {
            return SrtpStatus.PacketTooShort;
        }

        if (packet[0] >> 6 != 2)
        {
            return SrtpStatus.UnsupportedVersion;
        }

        var length = FixedLength + (4 * (packet[0] & 0x0F));
        if (length > packet.Length)
        {
            return SrtpStatus.BadCsrcCount;
        }

        if ((packet[0] & 0x10) != 0)
        {
            if (length + 4 > packet.Length)
            {
                return SrtpStatus.BadExtensionLength;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2, 2)));
            if (length > packet.Length)
            {
                return SrtpStatus.BadExtensionLength;
            }
        }

        headerLength = length;
        return SrtpStatus.Success;
    }

    /// <summary>Checks the padding of an RTP packet whose payload (after <paramref name="headerLength"/>) is in the clear.</summary>
    public static SrtpStatus CheckPadding(ReadOnlySpan<byte> packet, int headerLength)
    {
        if ((packet[0] & 0x20) == 0)
        {
            return SrtpStatus.Success;
        }

        var payloadLength = packet.Length - headerLength;
        if (payloadLength == 0)
        {
            return SrtpStatus.BadPadding;
        }

        var padding = packet[^1];
        return padding == 0 || padding > payloadLength ? SrtpStatus.BadPadding : SrtpStatus.Success;
    }

    /// <summary>Checks the first RTCP header of a (compound) packet.</summary>
    public static SrtpStatus ParseRtcp(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < RtcpFixedLength)
        {
            return SrtpStatus.PacketTooShort;
        }

        return packet[0] >> 6 != 2 ? SrtpStatus.UnsupportedVersion : SrtpStatus.Success;
    }

    public static ushort SequenceNumber(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);

    public static uint Ssrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);

    public static uint RtcpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
}
