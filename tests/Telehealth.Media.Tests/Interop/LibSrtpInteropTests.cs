using System.Security.Cryptography;
using Telehealth.Media.Srtp;
using Telehealth.Media.Tests.Srtp;

namespace Telehealth.Media.Tests.Interop;

/// <summary>
/// Interoperability with libsrtp2, an independent implementation (Debian package <c>libsrtp2-1</c>): what one
/// protects the other unprotects, for every profile, SRTP and SRTCP, across many packets and a sequence wrap.
/// </summary>
public sealed class LibSrtpInteropTests
{
    private const uint Ssrc = 0xCAFEBABE;

    [SkippableTheory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Rtp_protected_by_libsrtp2_is_unprotected_by_ours(SrtpProfile profile)
    {
        LibSrtpRequirement.RequireOrSkip();
        var (key, salt) = Keys(profile);
        using var libsrtp = new LibSrtpSession(profile, key, salt, inbound: false);
        using var ours = SrtpSession.Create(profile, key, salt);

        foreach (var sequence in Sequences())
        {
            var buffer = SrtpTestPackets.Rtp(sequence, Ssrc, payloadLength: 100 + (sequence % 50));
            var plaintext = buffer[..SrtpTestPackets.RtpLength(100 + (sequence % 50))];
            var (status, length) = libsrtp.Protect(buffer, plaintext.Length);
            Assert.Equal(0, status);
            Assert.Equal(plaintext.Length + SrtpProfileInfo.RtpOverhead(profile), length);

            var received = buffer[..length];
            Assert.Equal(SrtpStatus.Success, ours.TryUnprotectRtp(received, out var plainLength));
            Assert.Equal(plaintext, received[..plainLength]);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Rtp_protected_by_ours_is_unprotected_by_libsrtp2(SrtpProfile profile)
    {
        LibSrtpRequirement.RequireOrSkip();
        var (key, salt) = Keys(profile);
        using var ours = SrtpSession.Create(profile, key, salt);
        using var libsrtp = new LibSrtpSession(profile, key, salt, inbound: true);

        foreach (var sequence in Sequences())
        {
            var payloadLength = 100 + (sequence % 50);
            var buffer = SrtpTestPackets.Rtp(sequence, Ssrc, payloadLength);
            var plaintext = buffer[..SrtpTestPackets.RtpLength(payloadLength)];
            var length = ours.ProtectRtp(buffer, plaintext.Length);

            var (status, plainLength) = libsrtp.Unprotect(buffer, length);
            Assert.Equal(0, status);
            Assert.Equal(plaintext, buffer[..plainLength]);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Rtcp_protected_by_libsrtp2_is_unprotected_by_ours(SrtpProfile profile)
    {
        LibSrtpRequirement.RequireOrSkip();
        var (key, salt) = Keys(profile);
        using var libsrtp = new LibSrtpSession(profile, key, salt, inbound: false);
        using var ours = SrtpSession.Create(profile, key, salt);

        for (var i = 0; i < 40; i++)
        {
            var buffer = SrtpTestPackets.Rtcp(Ssrc);
            buffer[20] = (byte)i;
            var plaintext = buffer[..SrtpTestPackets.RtcpLength];
            var (status, length) = libsrtp.ProtectRtcp(buffer, plaintext.Length);
            Assert.Equal(0, status);
            Assert.Equal(plaintext.Length + SrtpProfileInfo.RtcpOverhead(profile), length);

            var received = buffer[..length];
            Assert.Equal(SrtpStatus.Success, ours.TryUnprotectRtcp(received, out var plainLength));
            Assert.Equal(plaintext, received[..plainLength]);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Rtcp_protected_by_ours_is_unprotected_by_libsrtp2(SrtpProfile profile)
    {
        LibSrtpRequirement.RequireOrSkip();
        var (key, salt) = Keys(profile);
        using var ours = SrtpSession.Create(profile, key, salt);
        using var libsrtp = new LibSrtpSession(profile, key, salt, inbound: true);

        for (var i = 0; i < 40; i++)
        {
            var buffer = SrtpTestPackets.Rtcp(Ssrc);
            buffer[20] = (byte)i;
            var plaintext = buffer[..SrtpTestPackets.RtcpLength];
            var length = ours.ProtectRtcp(buffer, plaintext.Length);

            var (status, plainLength) = libsrtp.UnprotectRtcp(buffer, length);
            Assert.Equal(0, status);
            Assert.Equal(plaintext, buffer[..plainLength]);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void A_packet_libsrtp2_protected_and_then_modified_is_refused_by_ours(SrtpProfile profile)
    {
        LibSrtpRequirement.RequireOrSkip();
        var (key, salt) = Keys(profile);
        using var libsrtp = new LibSrtpSession(profile, key, salt, inbound: false);
        using var ours = SrtpSession.Create(profile, key, salt);
        var buffer = SrtpTestPackets.Rtp(1000, Ssrc);
        var (_, length) = libsrtp.Protect(buffer, SrtpTestPackets.RtpLength());
        buffer[20] ^= 0x01;

        Assert.Equal(SrtpStatus.AuthenticationFailed, ours.TryUnprotectRtp(buffer.AsSpan(0, length), out _));
    }

    /// <summary>Sequence numbers that start near the top and wrap, so the roll-over counter moves on both sides.</summary>
    private static IEnumerable<ushort> Sequences()
    {
        for (var i = 0; i < 60; i++)
        {
            yield return (ushort)(0xFFE0 + i);
        }
    }

    private static (byte[] Key, byte[] Salt) Keys(SrtpProfile profile) =>
        (RandomNumberGenerator.GetBytes(SrtpProfileInfo.MasterKeyLength(profile)), RandomNumberGenerator.GetBytes(SrtpProfileInfo.MasterSaltLength(profile)));
}
