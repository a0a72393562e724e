using Telehealth.Media.Srtp;
using static Telehealth.Media.Tests.Srtp.SrtpTestPackets;

namespace Telehealth.Media.Tests.Srtp;

/// <summary>Index estimation (RFC 3711 Appendix A): sequence wrap, reordering across it, late first packets and large gaps.</summary>
public sealed class RolloverCounterTests
{
    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Packets_across_a_sequence_wrap_are_accepted(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            for (var i = 0; i < 40; i++)
            {
                var packet = ProtectRtp(sender, (ushort)(0xFFEC + i));
                Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(packet, out _));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Packets_reordered_across_the_wrap_are_accepted_with_the_right_counter(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var packets = new[] { (ushort)0xFFFD, (ushort)0xFFFE, (ushort)0xFFFF, (ushort)0x0000, (ushort)0x0001, (ushort)0x0002 }
                .Select(s => (Sequence: s, Packet: ProtectRtp(sender, s)))
                .ToArray();

            // Arrival: FFFD, 0000, FFFF, 0002, FFFE, 0001 — late packets of ROC 0 after packets of ROC 1.
            foreach (var i in new[] { 0, 3, 2, 5, 1, 4 })
            {
                Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(packets[i].Packet, out var length));
                Assert.Equal(packets[i].Sequence, (ushort)((packets[i].Packet[2] << 8) | packets[i].Packet[3]));
                Assert.Equal(RtpLength(), length);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_first_packet_near_0xFFFF_starts_the_counter_at_zero_and_wraps_to_one(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, 0xFFFF), out _));
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, 0x0000), out _));
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, 0x0001), out _));
        }
    }

    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_gap_of_almost_half_the_sequence_space_keeps_the_counter(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, 100), out _));
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, 100 + 0x7FFF), out _));
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, 0xFFF0), out _));
            Assert.Equal(SrtpStatus.Success, receiver.TryUnprotectRtp(ProtectRtp(sender, 0x0010), out _));
        }
    }

    [Theory]
    [InlineData(-1, 5, 5)]
    [InlineData(0x0000_FFF0, 0x0005, 0x1_0005)]
    [InlineData(0x1_0005, 0xFFF0, 0x0_FFF0)]
    [InlineData(0x1_8001, 0x0000, 0x2_0000)]
    [InlineData(0x1_7FFE, 0xFFFF, 0x0_FFFF)]
    [InlineData(0x0_0005, 0xFFF0, -1)]
    [InlineData(0x5_1234, 0x1234, 0x5_1234)]
    public void The_index_is_the_candidate_closest_to_the_highest_seen(long highest, int sequence, long expected) =>
        Assert.Equal(expected, SrtpSession.EstimateIndex(highest, (ushort)sequence));
}
