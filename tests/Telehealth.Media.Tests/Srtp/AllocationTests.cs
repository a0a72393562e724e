using Telehealth.Media.Srtp;
using static Telehealth.Media.Tests.Srtp.SrtpTestPackets;

namespace Telehealth.Media.Tests.Srtp;

/// <summary>Protect and unprotect allocate nothing per packet once the SSRC is known (the benchmarks show the same with MemoryDiagnoser).</summary>
public sealed class AllocationTests
{
    [Theory]
    [MemberData(nameof(Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Protect_and_unprotect_allocate_nothing_per_packet_after_warm_up(SrtpProfile profile)
    {
        var (sender, receiver) = Pair(profile);
        using (sender)
        using (receiver)
        {
            var rtp = new byte[1200 + 16];
            var rtcp = Rtcp();
            var forged = new byte[200];
            forged[0] = 0x80;
            forged[11] = 0x99;
            var failures = 0;

            // Warm-up: the SSRC states are created and the methods reach their optimized code.
            for (var i = 0; i < 200; i++)
            {
                failures += Run(i);
            }

            // xunit's Assert allocates, so the loop only counts failures and asserts afterwards.
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 200; i < 700; i++)
            {
                failures += Run(i);
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, failures);
            Assert.Equal(0, allocated);

            int Run(int i)
            {
                rtp.AsSpan().Clear();
                rtp[0] = 0x80;
                rtp[2] = (byte)(i >> 8);
                rtp[3] = (byte)i;
                var length = sender.ProtectRtp(rtp, 1200);
                var failed = receiver.UnprotectRtp(rtp.AsSpan(0, length)) == 1200 ? 0 : 1;

                length = sender.ProtectRtcp(rtcp, RtcpLength);
                failed += receiver.UnprotectRtcp(rtcp.AsSpan(0, length)) == RtcpLength ? 0 : 1;

                // A forged packet is refused without allocating too (on AES-GCM the platform reports it by exception).
                if (!SrtpProfileInfo.IsAead(profile))
                {
                    failed += receiver.TryUnprotectRtp(forged, out _) == SrtpStatus.AuthenticationFailed ? 0 : 1;
                }

                return failed;
            }
        }
    }
}
