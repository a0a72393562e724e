using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telehealth.Media.Srtp;

/// <summary>AES-GCM with a 16-byte tag (RFC 7714 §8, §9): the platform's <see cref="AesGcm"/>, in place.</summary>
internal sealed class AesGcmSrtpCipher : SrtpCipher
{
    private const int TagLength = 16;

    private readonly AesGcm _rtp;
    private readonly AesGcm _rtcp;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesGcmSrtpCipher(SrtpSessionKeys rtp, SrtpSessionKeys rtcp)
        : base(TagLength, TagLength)
    {
        _rtp = new AesGcm(rtp.Encryption, TagLength);
        _rtcp = new AesGcm(rtcp.Encryption, TagLength);
        _rtpSalt = (byte[])rtp.Salt.Clone();
        _rtcpSalt = (byte[])rtcp.Salt.Clone();
    }

    public override void ProtectRtp(Span<byte> packet, int headerLength, uint ssrc, long index, Span<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtpNonce(ssrc, index, nonce);
        var payload = packet[headerLength..];
        _rtp.Encrypt(nonce, payload, payload, tag, packet[..headerLength]);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, long index, ReadOnlySpan<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtpNonce(ssrc, index, nonce);
        var payload = packet[headerLength..];
        try
        {
            _rtp.Decrypt(nonce, payload, tag, payload, packet[..headerLength]);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public override int SrtcpIndexOffset(int length) => length - SrtpProfileInfo.SrtcpIndexLength;

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(ssrc, index, nonce);
        Span<byte> aad = stackalloc byte[RtpHeader.RtcpFixedLength + SrtpProfileInfo.SrtcpIndexLength];
        buffer[..RtpHeader.RtcpFixedLength].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[RtpHeader.RtcpFixedLength..], index | 0x8000_0000u);
        var payload = buffer[RtpHeader.RtcpFixedLength..length];
        _rtcp.Encrypt(nonce, payload, payload, buffer.Slice(length, TagLength), aad);
        aad[RtpHeader.RtcpFixedLength..].CopyTo(buffer[(length + TagLength)..]);
        return length + TagLength + SrtpProfileInfo.SrtcpIndexLength;
    }

    public override int UnprotectRtcp(Span<byte> packet, uint ssrc, uint index)
    {
        Span<byte> nonce = stackalloc byte[12];
        RtcpNonce(ssrc, index, nonce);
        var indexOffset = SrtcpIndexOffset(packet.Length);
        Span<byte> aad = stackalloc byte[RtpHeader.RtcpFixedLength + SrtpProfileInfo.SrtcpIndexLength];
        packet[..RtpHeader.RtcpFixedLength].CopyTo(aad);
        packet[indexOffset..].CopyTo(aad[RtpHeader.RtcpFixedLength..]);
        var length = indexOffset - TagLength;
        var payload = packet[RtpHeader.RtcpFixedLength..length];
        try
        {
            _rtcp.Decrypt(nonce, payload, packet.Slice(length, TagLength), payload, aad);
            return length;
        }
        catch (AuthenticationTagMismatchException)
        {
            return -1;
        }
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    /// <summary>IV = (0x0000 || SSRC || ROC || SEQ) XOR salt (RFC 7714 §8.1).</summary>
    private void RtpNonce(uint ssrc, long index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[6..], (ushort)(index >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], (uint)index);
        XorSalt(nonce, _rtpSalt);
    }

    /// <summary>IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt (RFC 7714 §9.1).</summary>
    private void RtcpNonce(uint ssrc, uint index, Span<byte> nonce)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index & 0x7FFF_FFFFu);
        XorSalt(nonce, _rtcpSalt);
    }

    private static void XorSalt(Span<byte> nonce, ReadOnlySpan<byte> salt)
    {
        for (var i = 0; i < nonce.Length; i++)
        {
            nonce[i] ^= salt[i];
        }
    }
}
