using System.Buffers.Binary;
using System.Security.Cryptography;
using Telehealth.Media.Srtp;

namespace Telehealth.Media.Tests.Srtp;

/// <summary>Every profile, and the RTP/RTCP packets and session pairs the SRTP tests share.</summary>
internal static class SrtpTestPackets
{
    public static TheoryData<SrtpProfile> Profiles => [.. Enum.GetValues<SrtpProfile>()];

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>A sender and a receiver session over the same random master key and salt.</summary>
    public static (SrtpSession Sender, SrtpSession Receiver) Pair(SrtpProfile profile, SrtpOptions? options = null, SrtpOptions? receiverOptions = null)
    {
        var key = RandomNumberGenerator.GetBytes(SrtpProfileInfo.MasterKeyLength(profile));
        var salt = RandomNumberGenerator.GetBytes(SrtpProfileInfo.MasterSaltLength(profile));
        return (SrtpSession.Create(profile, key, salt, options), SrtpSession.Create(profile, key, salt, receiverOptions ?? options));
    }

    /// <summary>An RTP packet (12-byte header, no CSRC or extension) in a buffer with room for any tag; returns the buffer and packet length.</summary>
    public static byte[] Rtp(ushort sequence, uint ssrc = 0x11223344, int payloadLength = 160, byte fill = 0xAB)
    {
        var buffer = new byte[12 + payloadLength + 16];
        buffer[0] = 0x80;
        buffer[1] = 0x6F;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), sequence * 160u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        buffer.AsSpan(12, payloadLength).Fill(fill);
        return buffer;
    }

    public static int RtpLength(int payloadLength = 160) => 12 + payloadLength;

    /// <summary>A receiver report (RTCP PT 201) with one report block, in a buffer with room for the SRTCP trailer.</summary>
    public static byte[] Rtcp(uint ssrc = 0x55667788)
    {
        var buffer = new byte[32 + 20];
        buffer[0] = 0x81;
        buffer[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ssrc);
        buffer.AsSpan(8, 24).Fill(0x5A);
        return buffer;
    }

    public const int RtcpLength = 32;

    /// <summary>Protects an RTP packet and returns exactly the SRTP bytes.</summary>
    public static byte[] ProtectRtp(SrtpSession sender, ushort sequence, uint ssrc = 0x11223344, int payloadLength = 160)
    {
        var buffer = Rtp(sequence, ssrc, payloadLength);
        var length = sender.ProtectRtp(buffer, RtpLength(payloadLength));
        return buffer[..length];
    }

    public static byte[] ProtectRtcp(SrtpSession sender, uint ssrc = 0x55667788)
    {
        var buffer = Rtcp(ssrc);
        var length = sender.ProtectRtcp(buffer, RtcpLength);
        return buffer[..length];
    }
}
