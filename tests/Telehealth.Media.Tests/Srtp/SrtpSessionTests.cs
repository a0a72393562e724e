using Telehealth.Media.Srtp;
using static Telehealth.Media.Tests.Srtp.SrtpTestPackets;

namespace Telehealth.Media.Tests.Srtp;

public sealed class SrtpSessionTests
{
    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_packet_round_trips_and_grows_by_the_profile_overhead(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var buffer = Rtp(10);
            var plaintext = buffer[..RtpLength()];
            var length = sender.ProtectRtp(buffer, RtpLength());
            Assert.Equal(RtpLength() + SrtpProfileInfo.RtpOverhead(profile), length);
            Assert.NotEqual(plaintext[12..], buffer[12..RtpLength()]);
            Assert.Equal(plaintext, buffer[..receiver.UnprotectRtp(buffer.AsSpan(0, length))]);

            var rtcp = Rtcp();
            var rtcpPlaintext = rtcp[..RtcpLength];
            length = sender.ProtectRtcp(rtcp, RtcpLength);
            Assert.Equal(RtcpLength + SrtpProfileInfo.RtcpOverhead(profile), length);
            Assert.Equal(rtcpPlaintext, rtcp[..receiver.UnprotectRtcp(rtcp.AsSpan(0, length))]);
        }
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 16, 14, 10, 14)]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_32, 16, 14, 4, 14)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 16, 12, 16, 20)]
    [InlineData(SrtpProfile.AeadAes256Gcm, 32, 12, 16, 20)]
    public void Profiles_have_the_sizes_of_their_rfcs(SrtpProfile profile, int key, int salt, int rtp, int rtcp)
    {
        Assert.Equal(key, SrtpProfileInfo.MasterKeyLength(profile));
        Assert.Equal(salt, SrtpProfileInfo.MasterSaltLength(profile));
        Assert.Equal(rtp, SrtpProfileInfo.RtpOverhead(profile));
        Assert.Equal(rtcp, SrtpProfileInfo.RtcpOverhead(profile));
    }

    [Fact]
    public void Profile_values_are_the_iana_dtls_srtp_ids()
    {
        Assert.Equal(0x0001, (int)SrtpProfile.Aes128CmHmacSha1_80);
        Assert.Equal(0x0002, (int)SrtpProfile.Aes128CmHmacSha1_32);
        Assert.Equal(0x0007, (int)SrtpProfile.AeadAes128Gcm);
        Assert.Equal(0x0008, (int)SrtpProfile.AeadAes256Gcm);
        Assert.Throws<ArgumentOutOfRangeException>("profile", () => SrtpProfileInfo.MasterKeyLength((SrtpProfile)5));
    }

    [Fact]
    public void Keys_and_salts_of_the_wrong_length_are_refused()
    {
        Assert.Throws<ArgumentException>("masterKey", () => SrtpSession.Create(SrtpProfile.AeadAes256Gcm, new byte[16], new byte[12]));
        Assert.Throws<ArgumentException>("masterSalt", () => SrtpSession.Create(SrtpProfile.Aes128CmHmacSha1_80, new byte[16], new byte[12]));
    }

    [Fact]
    public void Lengths_outside_the_buffer_are_refused()
    {
        using var session = SrtpSession.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        Assert.Throws<ArgumentOutOfRangeException>("length", () => session.ProtectRtp(new byte[20], 21));
        Assert.Throws<ArgumentOutOfRangeException>("length", () => session.ProtectRtcp(new byte[20], -1));
    }

    [Fact]
    public void To_string_shows_the_profile_and_never_key_material()
    {
        var key = Enumerable.Repeat((byte)0xA5, 16).ToArray();
        using var session = SrtpSession.Create(SrtpProfile.Aes128CmHmacSha1_80, key, new byte[14]);
        Assert.Equal("SrtpSession(Aes128CmHmacSha1_80)", session.ToString());
        Assert.DoesNotContain("A5", session.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_disposed_session_refuses_to_work()
    {
        var session = SrtpSession.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        session.Dispose();
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.ProtectRtp(Rtp(1), RtpLength()));
        Assert.Throws<ObjectDisposedException>(() => session.TryUnprotectRtcp(new byte[40], out _));
    }

    [Fact]
    public void Sessions_may_be_shared_by_threads_protecting_different_ssrcs()
    {
        var (sender, receiver) = Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            var packets = new byte[4][][];
            Parallel.For(0, 4, t => packets[t] = [.. Enumerable.Range(0, 300).Select(i => ProtectRtp(sender, (ushort)i, ssrc: (uint)(t + 1)))]);
            foreach (var packet in packets.SelectMany(p => p))
            {
                Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(packet, out _));
            }
        }
    }
}
