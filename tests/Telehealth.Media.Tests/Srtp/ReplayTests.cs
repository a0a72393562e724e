using Telehealth.Media.Srtp;
using static Telehealth.Media.Tests.Srtp.SrtpTestPackets;

namespace Telehealth.Media.Tests.Srtp;

public sealed class ReplayTests
{
    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Replayed_srtp_packets_are_refused(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var packet = ProtectRtp(sender, 7);
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(packet.ToArray(), out _));

            Assert.Equal(SrtpStatus.Replayed, receiver.TryUnprotectRtp(packet.ToArray(), out _));
            var error = Assert.Throws<MediaException>(() => receiver.UnprotectRtp(packet.ToArray()));
            Assert.Equal(MediaErrorCodes.SrtpReplayed, error.Code);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Replayed_srtcp_packets_are_refused(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var packet = ProtectRtcp(sender);
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtcp(packet.ToArray(), out _));
            Assert.Equal(SrtpStatus.Replayed, receiver.TryUnprotectRtcp(packet.ToArray(), out _));
        }
    }

    [Fact]
    public void Packets_inside_the_window_are_accepted_once_in_any_order_and_older_ones_are_refused()
    {
        var options = new SrtpOptions { ReplayWindowSize = 64 };
        var (sender, receiver) = Pair(SrtpProfile.AeadAes128Gcm, options);
        using (sender)
        using (receiver)
        {
            var packets = Enumerable.Range(0, 200).Select(i => ProtectRtp(sender, (ushort)i)).ToArray();
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(packets[199].ToArray(), out _));

            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(packets[136].ToArray(), out _));
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(packets[198].ToArray(), out _));
            Assert.Equal(SrtpStatus.Replayed, receiver.TryUnprotectRtp(packets[136].ToArray(), out _));
            Assert.Equal(SrtpStatus.Replayed, receiver.TryUnprotectRtp(packets[135].ToArray(), out _));
            Assert.Equal(SrtpStatus.Replayed, receiver.TryUnprotectRtp(packets[0].ToArray(), out _));
        }
    }

    [Fact]
    public void Protecting_the_same_sequence_number_twice_is_refused_so_no_keystream_or_nonce_is_reused()
    {
        using var sender = SrtpSession.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        ProtectRtp(sender, 42);

        var buffer = Rtp(42);
        Assert.Equal(SrtpStatus.Replayed, sender.TryProtectRtp(buffer, RtpLength(), out _));
    }
}
