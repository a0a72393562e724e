using System.Buffers.Binary;
using System.Security.Cryptography;
using Telehealth.Media.Srtp;
using static Telehealth.Media.Tests.Srtp.SrtpTestPackets;

namespace Telehealth.Media.Tests.Srtp;

/// <summary>Modified, truncated, misaddressed, malformed and random packets: typed refusals, no state change, no crash.</summary>
public sealed class HostilePacketTests
{
    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_bit_flip_in_any_byte_of_an_srtp_packet_is_refused_and_changes_no_state(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var packet = ProtectRtp(sender, 500, payloadLength: 40);
            for (var i = 0; i < packet.Length; i++)
            {
                foreach (var bit in new[] { 0x01, 0x80 })
                {
                    var modified = packet.ToArray();
                    modified[i] ^= (byte)bit;
                    Assert.NotEqual(SrtpStatus.Success, receiver.TryUnprotectRtp(modified, out _));
                }
            }

            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(packet, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_bit_flip_in_any_byte_of_an_srtcp_packet_is_refused_and_changes_no_state(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var packet = ProtectRtcp(sender);
            for (var i = 0; i < packet.Length; i++)
            {
                var modified = packet.ToArray();
                modified[i] ^= 0x04;
                Assert.NotEqual(SrtpStatus.Success, receiver.TryUnprotectRtcp(modified, out _));
            }

            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtcp(packet, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Truncated_packets_are_refused(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var rtp = ProtectRtp(sender, 9);
            var rtcp = ProtectRtcp(sender);
            for (var length = 0; length < rtp.Length; length++)
            {
                Assert.NotEqual(SrtpStatus.Success, receiver.TryUnprotectRtp(rtp.AsSpan(0, length).ToArray(), out _));
            }

            for (var length = 0; length < rtcp.Length; length++)
            {
                Assert.NotEqual(SrtpStatus.Success, receiver.TryUnprotectRtcp(rtcp.AsSpan(0, length).ToArray(), out _));
            }

            Assert.Equal(SrtpStatus.PacketTooShort, receiver.TryUnprotectRtp(rtp.AsSpan(0, 11), out _));
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(rtp, out _));
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtcp(rtcp, out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Packets_under_another_key_are_refused_as_unauthenticated(SrtpProfile profile)
    {
        var (sender, _) = Pair(profile);
        var (_, stranger) = Pair(profile);
        using (sender)
        using (stranger)
        {
            var error = Assert.Throws<MediaException>(() => stranger.UnprotectRtp(ProtectRtp(sender, 1)));
            Assert.Equal(MediaErrorCodes.SrtpAuthenticationFailed, error.Code);
            Assert.Equal(SrtpStatus.AuthenticationFailed, stranger.TryUnprotectRtcp(ProtectRtcp(sender), out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_packet_whose_ssrc_was_rewritten_is_refused(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var packet = ProtectRtp(sender, 3, ssrc: 0x01020304);
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x01020305);
            Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.TryUnprotectRtp(packet, out _));
        }
    }

    [Fact]
    public void Malformed_rtp_headers_are_refused_with_their_own_status_and_code()
    {
        using var session = SrtpSession.Create(SrtpProfile.Aes128CmHmacSha1_80, new byte[16], new byte[14]);
        var buffer = new byte[64];

        // Short header.
        Assert.Equal(SrtpStatus.PacketTooShort, session.TryProtectRtp(buffer, 11, out _));

        // Version 1.
        buffer[0] = 0x40;
        Assert.Equal(SrtpStatus.UnsupportedVersion, session.TryProtectRtp(buffer, 20, out _));

        // CSRC count 15 (60 bytes of CSRCs) in a 20-byte packet.
        buffer[0] = 0x8F;
        Assert.Equal(SrtpStatus.BadCsrcCount, session.TryProtectRtp(buffer, 20, out _));
        Assert.Equal(MediaErrorCodes.SrtpBadCsrcCount, Assert.Throws<MediaException>(() => session.ProtectRtp(buffer, 20)).Code);

        // Extension bit with no room for the extension header, then an extension length past the end.
        buffer[0] = 0x90;
        Assert.Equal(SrtpStatus.BadExtensionLength, session.TryProtectRtp(buffer, 14, out _));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(14), 100);
        Assert.Equal(SrtpStatus.BadExtensionLength, session.TryProtectRtp(buffer, 24, out _));

        // Padding count 9 with 4 payload bytes, and a padding count of 0.
        buffer[0] = 0xA0;
        buffer[15] = 9;
        Assert.Equal(SrtpStatus.BadPadding, session.TryProtectRtp(buffer, 16, out _));
        buffer[15] = 0;
        Assert.Equal(SrtpStatus.BadPadding, session.TryProtectRtp(buffer, 16, out _));

        // No room for the tag.
        buffer[0] = 0x80;
        Assert.Equal(SrtpStatus.BufferTooSmall, session.TryProtectRtp(buffer.AsSpan(0, 20), 20, out _));
    }

    [Fact]
    public void Padding_beyond_the_payload_of_an_authentic_packet_is_refused_after_decryption()
    {
        var (sender, receiver) = Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            // A sender with the key can protect whatever it likes; the receiver still checks the decrypted padding.
            using var keys = new SrtpSessionKeys(new byte[16], [], new byte[12]);
            using var rogue = SrtpSession.CreateWithSessionKeys(SrtpProfile.AeadAes128Gcm, keys, keys);
            using var victim = SrtpSession.CreateWithSessionKeys(SrtpProfile.AeadAes128Gcm, keys, keys);
            var buffer = Rtp(1, payloadLength: 8);
            var length = rogue.ProtectRtp(buffer, RtpLength(8));
            buffer[0] |= 0x20;
            Assert.Equal(SrtpStatus.AuthenticationFailed, victim.TryUnprotectRtp(buffer.AsSpan(0, length), out _));

            var padded = Rtp(2, payloadLength: 8);
            padded[0] |= 0x20;
            padded[19] = 8;
            length = rogue.ProtectRtp(padded, RtpLength(8));
            Assert.Equal(SrtpStatus.Success, victim.TryUnprotectRtp(padded.AsSpan(0, length), out _));
        }
    }

    [Fact]
    public void Unencrypted_srtcp_is_refused()
    {
        var (sender, receiver) = Pair(SrtpProfile.Aes128CmHmacSha1_80);
        using (sender)
        using (receiver)
        {
            var packet = ProtectRtcp(sender);
            packet[^14] &= 0x7F;
            Assert.Equal(SrtpStatus.UnencryptedSrtcp, receiver.TryUnprotectRtcp(packet, out _));
            Assert.Equal(MediaErrorCodes.SrtcpUnencrypted, Assert.Throws<MediaException>(() => receiver.UnprotectRtcp(packet)).Code);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Random_bytes_are_refused_without_a_crash(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var random = new Random(1234);
            for (var i = 0; i < 2000; i++)
            {
                var bytes = new byte[random.Next(0, 1500)];
                random.NextBytes(bytes);
                if (i % 2 == 0 && bytes.Length > 0)
                {
                    bytes[0] = (byte)(0x80 | (bytes[0] & 0x3F));
                }

                Assert.NotEqual(SrtpStatus.Success, receiver.TryUnprotectRtp(bytes.ToArray(), out _));
                Assert.NotEqual(SrtpStatus.Success, receiver.TryUnprotectRtcp(bytes, out _));
            }

            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, 1), out _));
        }
    }

    [Fact]
    public void A_forged_packet_from_a_new_ssrc_creates_no_state_so_the_ssrc_table_cannot_be_filled()
    {
        var (sender, receiver) = Pair(SrtpProfile.Aes128CmHmacSha1_80, new SrtpOptions(), new SrtpOptions { MaxSsrcs = 2 });
        using (sender)
        using (receiver)
        {
            for (uint ssrc = 1; ssrc < 100; ssrc++)
            {
                var forged = Rtp(1, ssrc);
                RandomNumberGenerator.Fill(forged.AsSpan(12));
                Assert.Equal(SrtpStatus.AuthenticationFailed, receiver.TryUnprotectRtp(forged.AsSpan(0, RtpLength() + 10), out _));
            }

            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, 1, ssrc: 500), out _));
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, 1, ssrc: 501), out _));
            Assert.Equal(SrtpStatus.SsrcLimitReached, receiver.TryUnprotectRtp(ProtectRtp(sender, 1, ssrc: 502), out _));
        }
    }

    [Fact]
    public void Under_the_refuse_policy_only_announced_ssrcs_are_accepted()
    {
        var options = new SrtpOptions { UnknownSsrcPolicy = SrtpUnknownSsrcPolicy.Refuse };
        var (sender, receiver) = Pair(SrtpProfile.AeadAes256Gcm, options);
        using (sender)
        using (receiver)
        {
            var first = ProtectRtp(sender, 1, ssrc: 77);
            Assert.Equal(SrtpStatus.UnknownSsrc, receiver.TryUnprotectRtp(first.ToArray(), out _));
            Assert.Equal(MediaErrorCodes.SrtpUnknownSsrc, Assert.Throws<MediaException>(() => receiver.UnprotectRtp(first.ToArray())).Code);

            receiver.AddSsrc(77);
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(first, out _));
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtcp(ProtectRtcp(sender, ssrc: 77), out _));
        }
    }
}
