using Telehealth.Media.Srtp;
using static Telehealth.Media.Tests.Srtp.SrtpTestPackets;

namespace Telehealth.Media.Tests.Srtp;

public sealed class KeyLifetimeTests
{
    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void The_rekey_signal_fires_before_the_srtp_limit_and_protecting_past_it_is_refused(SrtpProfile profile)
    {
        var options = new SrtpOptions { MaxRtpPackets = 100, RekeyWarningPercent = 80 };
        using var sender = SrtpSession.Create(profile, new byte[SrtpProfileInfo.MasterKeyLength(profile)], new byte[SrtpProfileInfo.MasterSaltLength(profile)], options);
        var signals = new List<(int Packet, SrtpRekeyRequiredEventArgs Args)>();
        var protectedCount = 0;
        sender.RekeyRequired += (_, e) => signals.Add((protectedCount, e));

        for (; protectedCount < 100; protectedCount++)
        {
            Assert.Equal(SrtpStatus.Success, sender.TryProtectRtp(Rtp((ushort)protectedCount), RtpLength(), out _));
            Assert.Equal(protectedCount + 1 >= 80, sender.IsRekeyRequired);
        }

        var signal = Assert.Single(signals);
        Assert.Equal(79, signal.Packet);
        Assert.False(signal.Args.IsRtcp);
        Assert.Equal(80, signal.Args.Used);
        Assert.Equal(100, signal.Args.Limit);
        Assert.Equal(SrtpStatus.KeyLifetimeExhausted, sender.TryProtectRtp(Rtp(100), RtpLength(), out _));
        Assert.Equal(MediaErrorCodes.SrtpKeyLifetimeExhausted, Assert.Throws<MediaException>(() => sender.ProtectRtp(Rtp(101), RtpLength())).Code);
    }

    [Fact]
    public void The_receiver_refuses_packets_past_the_srtp_limit()
    {
        var options = new SrtpOptions { MaxRtpPackets = 3 };
        var (sender, receiver) = Pair(SrtpProfile.Aes128CmHmacSha1_32, new SrtpOptions(), options);
        using (sender)
        using (receiver)
        {
            for (ushort i = 0; i < 3; i++)
            {
                Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, i), out _));
            }

            Assert.True(receiver.IsRekeyRequired);
            Assert.Equal(SrtpStatus.KeyLifetimeExhausted, receiver.TryUnprotectRtp(ProtectRtp(sender, 3), out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void The_rekey_signal_fires_before_the_srtcp_limit_and_protecting_past_it_is_refused(SrtpProfile profile)
    {
        var options = new SrtpOptions { MaxRtcpPackets = 10, RekeyWarningPercent = 50 };
        using var sender = SrtpSession.Create(profile, new byte[SrtpProfileInfo.MasterKeyLength(profile)], new byte[SrtpProfileInfo.MasterSaltLength(profile)], options);
        SrtpRekeyRequiredEventArgs? signal = null;
        sender.RekeyRequired += (_, e) => signal = e;

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(SrtpStatus.Success, sender.TryProtectRtcp(Rtcp(), RtcpLength, out _));
            Assert.Equal(i >= 4, signal is not null);
        }

        Assert.True(signal!.IsRtcp);
        Assert.Equal(SrtpStatus.KeyLifetimeExhausted, sender.TryProtectRtcp(Rtcp(), RtcpLength, out _));
    }

    [Fact]
    public void The_srtp_index_never_passes_2_to_the_48_and_warns_before()
    {
        using var sender = SrtpSession.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        var signals = 0;
        sender.RekeyRequired += (_, e) => signals++;
        sender.SetHighestRtpIndex(0x11223344, (1L << 48) - 3);

        Assert.Equal(SrtpStatus.Success, sender.TryProtectRtp(Rtp(0xFFFE), RtpLength(), out _));
        Assert.Equal(1, signals);
        Assert.Equal(SrtpStatus.Success, sender.TryProtectRtp(Rtp(0xFFFF), RtpLength(), out _));
        Assert.Equal(SrtpStatus.KeyLifetimeExhausted, sender.TryProtectRtp(Rtp(0x0000), RtpLength(), out _));
        Assert.Equal(1, signals);
    }

    [Fact]
    public void The_srtcp_index_never_passes_2_to_the_31()
    {
        using var sender = SrtpSession.Create(SrtpProfile.Aes128CmHmacSha1_80, new byte[16], new byte[14]);
        var signalled = false;
        sender.RekeyRequired += (_, e) => signalled = e.IsRtcp;
        sender.SetNextSrtcpIndex(0x55667788, 0x7FFF_FFFF);

        Assert.Equal(SrtpStatus.Success, sender.TryProtectRtcp(Rtcp(), RtcpLength, out _));
        Assert.True(signalled);
        Assert.Equal(SrtpStatus.KeyLifetimeExhausted, sender.TryProtectRtcp(Rtcp(), RtcpLength, out _));
    }
}
