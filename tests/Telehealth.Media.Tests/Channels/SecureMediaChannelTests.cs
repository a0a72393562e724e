using System.Buffers.Binary;
using Telehealth.Media.Channels;
using Telehealth.Media.Dtls;
using Telehealth.Media.Srtp;
using Telehealth.Media.Tests.Dtls;

namespace Telehealth.Media.Tests.Channels;

/// <summary>Two secure media channels on loopback UDP: handshake, then SRTP and SRTCP both ways.</summary>
public sealed class SecureMediaChannelTests
{
    internal static byte[] RtpPacket(ushort sequence, uint ssrc, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[12 + payload.Length];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 160u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        payload.CopyTo(packet.AsSpan(12));
        return packet;
    }

    internal static byte[] RtcpReceiverReport(uint ssrc)
    {
        var packet = new byte[8];
        packet[0] = 0x80;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        return packet;
    }

    internal static async Task<(SecureMediaChannel Client, SecureMediaChannel Server, UdpDatagramTransport ClientUdp)> OpenPairAsync(SrtpProfile? profile = null)
    {
        var (a, b) = DtlsTestPeers.LoopbackPair();
        var clientCert = DtlsCertificate.Generate();
        var serverCert = DtlsCertificate.Generate();
        var endpoint = new DtlsSrtpEndpoint(DtlsTestPeers.Options(o => o.Profiles = profile is { } p ? [p] : o.Profiles));
        var server = SecureMediaChannel.OpenAsync(endpoint, b, DtlsRole.Server, serverCert, clientCert.Fingerprint);
        var client = SecureMediaChannel.OpenAsync(endpoint, a, DtlsRole.Client, clientCert, serverCert.Fingerprint);
        return (await client, await server, a);
    }

    [Theory]
    [MemberData(nameof(DtlsTestPeers.AllProfiles), MemberType = typeof(DtlsTestPeers))]
    public async Task Rtp_and_rtcp_flow_both_ways_after_the_handshake(SrtpProfile profile)
    {
        var (client, server, _) = await OpenPairAsync(profile);
        await using var _c = client;
        await using var _s = server;
        var buffer = new byte[1500];

        var toServer = RtpPacket(1, 0x1111, "audio from the patient"u8);
        await client.SendRtpAsync(toServer);
        var received = await server.ReceiveAsync(buffer);
        Assert.Equal(new ReceivedMediaPacket(MediaPacketKind.Rtp, toServer.Length), received);
        Assert.Equal(toServer, buffer[..received.Length]);

        var toClient = RtpPacket(7, 0x2222, "video from the clinician"u8);
        await server.SendRtpAsync(toClient);
        received = await client.ReceiveAsync(buffer);
        Assert.Equal(new ReceivedMediaPacket(MediaPacketKind.Rtp, toClient.Length), received);
        Assert.Equal(toClient, buffer[..received.Length]);

        var report = RtcpReceiverReport(0x1111);
        await client.SendRtcpAsync(report);
        received = await server.ReceiveAsync(buffer);
        Assert.Equal(new ReceivedMediaPacket(MediaPacketKind.Rtcp, report.Length), received);
        Assert.Equal(report, buffer[..received.Length]);

        var back = RtcpReceiverReport(0x2222);
        await server.SendRtcpAsync(back);
        received = await client.ReceiveAsync(buffer);
        Assert.Equal(new ReceivedMediaPacket(MediaPacketKind.Rtcp, back.Length), received);
        Assert.Equal(profile, client.Profile);
        Assert.Equal(profile, server.Profile);
    }

    [Fact]
    public async Task A_datagram_that_is_neither_dtls_nor_rtp_is_dropped_and_counted()
    {
        var (client, server, clientUdp) = await OpenPairAsync();
        await using var _c = client;
        await using var _s = server;
        var before = server.DroppedDatagrams;

        // 0x01: a STUN binding request's first byte (RFC 7983), which this channel does not serve; 0xFF: nothing at all.
        await clientUdp.SendAsync(new byte[] { 0x00, 0x01, 0x00, 0x00 });
        await clientUdp.SendAsync(new byte[] { 0xFF, 0xFF, 0xFF });
        var packet = RtpPacket(1, 0x1111, "after the noise"u8);
        await client.SendRtpAsync(packet);
        var received = await server.ReceiveAsync(new byte[1500]);

        Assert.Equal(packet.Length, received.Length);
        Assert.Equal(before + 2, server.DroppedDatagrams);
    }

    [Fact]
    public async Task A_forged_srtp_packet_is_dropped_and_counted()
    {
        var (client, server, clientUdp) = await OpenPairAsync();
        await using var _c = client;
        await using var _s = server;
        var before = server.DroppedDatagrams;

        await clientUdp.SendAsync(RtpPacket(5, 0x1111, new byte[40]));
        var packet = RtpPacket(6, 0x1111, "genuine"u8);
        await client.SendRtpAsync(packet);
        var received = await server.ReceiveAsync(new byte[1500]);

        Assert.Equal(packet.Length, received.Length);
        Assert.Equal(before + 1, server.DroppedDatagrams);
    }

    [Fact]
    public async Task Sending_something_that_is_not_rtp_is_refused()
    {
        var (client, server, _) = await OpenPairAsync();
        await using var _c = client;
        await using var _s = server;

        var error = await Assert.ThrowsAsync<MediaException>(async () => await client.SendRtpAsync(RtcpReceiverReport(1)));
        Assert.Equal(MediaErrorCodes.NotAnRtpPacket, error.Code);
        error = await Assert.ThrowsAsync<MediaException>(async () => await client.SendRtcpAsync(RtpPacket(1, 1, "x"u8)));
        Assert.Equal(MediaErrorCodes.NotAnRtpPacket, error.Code);
        error = await Assert.ThrowsAsync<MediaException>(async () => await client.SendRtpAsync(RtpPacket(1, 1, new byte[1200])));
        Assert.Equal(MediaErrorCodes.PacketTooLarge, error.Code);
    }

    [Fact]
    public async Task A_disposed_channel_refuses_to_send_and_receive()
    {
        var (client, server, _) = await OpenPairAsync();
        await using var _s = server;
        await client.DisposeAsync();

        Assert.Equal(MediaErrorCodes.ChannelClosed, (await Assert.ThrowsAsync<MediaException>(async () => await client.SendRtpAsync(RtpPacket(1, 1, "x"u8)))).Code);
        Assert.Equal(MediaErrorCodes.ChannelClosed, (await Assert.ThrowsAsync<MediaException>(async () => await client.ReceiveAsync(new byte[1500]))).Code);
    }

    [Fact]
    public async Task A_channel_whose_peer_closed_refuses_to_send()
    {
        var (client, server, _) = await OpenPairAsync();
        await using var _s = server;
        await client.DisposeAsync();

        // close_notify travels over UDP: wait (bounded) until the server's receive loop has processed it.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!server.Association.IsClosedByPeer && !deadline.IsCancellationRequested)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        Assert.True(server.Association.IsClosedByPeer);
        Assert.Equal(MediaErrorCodes.ChannelClosed, (await Assert.ThrowsAsync<MediaException>(async () => await server.SendRtpAsync(RtpPacket(1, 1, "x"u8)))).Code);
    }

    [Fact]
    public void Datagrams_are_classified_by_their_first_two_bytes_per_rfc7983_and_rfc5761()
    {
        Assert.Equal(DatagramClassifier.Kind.Dtls, DatagramClassifier.Classify([20]));
        Assert.Equal(DatagramClassifier.Kind.Dtls, DatagramClassifier.Classify([63, 0]));
        Assert.Equal(DatagramClassifier.Kind.Unknown, DatagramClassifier.Classify([64, 0]));
        Assert.Equal(DatagramClassifier.Kind.Unknown, DatagramClassifier.Classify([0, 1]));
        Assert.Equal(DatagramClassifier.Kind.Unknown, DatagramClassifier.Classify([]));
        Assert.Equal(DatagramClassifier.Kind.Unknown, DatagramClassifier.Classify([128]));
        Assert.Equal(DatagramClassifier.Kind.Rtp, DatagramClassifier.Classify([128, 96]));
        Assert.Equal(DatagramClassifier.Kind.Rtp, DatagramClassifier.Classify([191, 224]));
        Assert.Equal(DatagramClassifier.Kind.Rtcp, DatagramClassifier.Classify([128, 192]));
        Assert.Equal(DatagramClassifier.Kind.Rtcp, DatagramClassifier.Classify([129, 223]));
        Assert.Equal(DatagramClassifier.Kind.Unknown, DatagramClassifier.Classify([192, 200]));
    }
}
