using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Telehealth.Media.Srtp;

/// <summary>
/// AES-128 counter mode with HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1). The keystream is AES-ECB over counter blocks
/// written into a reusable buffer through a cached <see cref="ICryptoTransform"/> (the one-shot
/// <c>Aes.EncryptEcb</c> creates a native context per call, which allocates and costs more than the encryption
/// of a small packet); the HMAC is an <see cref="IncrementalHash"/> kept with its key.
/// </summary>
internal sealed class AesCmHmacSha1SrtpCipher : SrtpCipher
{
    private const int ChunkBytes = 2048;
    private const int HmacLength = 20;

    private readonly Stream _rtp;
    private readonly Stream _rtcp;
    private readonly byte[] _counters = new byte[ChunkBytes];
    private readonly byte[] _keystream = new byte[ChunkBytes];

    public AesCmHmacSha1SrtpCipher(SrtpSessionKeys rtp, SrtpSessionKeys rtcp, int rtpTagLength, int rtcpTagLength)
        : base(rtpTagLength, rtcpTagLength)
    {
        _rtp = new Stream(rtp);
        _rtcp = new Stream(rtcp);
    }

    public override void ProtectRtp(Span<byte> packet, int headerLength, uint ssrc, long index, Span<byte> tag)
    {
        ApplyKeystream(_rtp, ssrc, index, packet[headerLength..]);
        RtpTag(packet, (uint)(index >> 16), tag);
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, long index, ReadOnlySpan<byte> tag)
    {
        Span<byte> expected = stackalloc byte[HmacLength];
        RtpTag(packet, (uint)(index >> 16), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected[..tag.Length], tag))
        {
            return false;
        }

        ApplyKeystream(_rtp, ssrc, index, packet[headerLength..]);
        return true;
    }

    public override int SrtcpIndexOffset(int length) => length - RtcpTagLength - SrtpProfileInfo.SrtcpIndexLength;

    public override int ProtectRtcp(Span<byte> buffer, int length, uint ssrc, uint index)
    {
        ApplyKeystream(_rtcp, ssrc, index, buffer[RtpHeader.RtcpFixedLength..length]);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], index | 0x8000_0000u);
        var authenticated = length + SrtpProfileInfo.SrtcpIndexLength;
        Span<byte> mac = stackalloc byte[HmacLength];
        _rtcp.Hmac.AppendData(buffer[..authenticated]);
        _rtcp.Hmac.GetHashAndReset(mac);
        mac[..RtcpTagLength].CopyTo(buffer[authenticated..]);
        return authenticated + RtcpTagLength;
    }

    public override int UnprotectRtcp(Span<byte> packet, uint ssrc, uint index)
    {
        var authenticated = packet.Length - RtcpTagLength;
        Span<byte> mac = stackalloc byte[HmacLength];
        _rtcp.Hmac.AppendData(packet[..authenticated]);
        _rtcp.Hmac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..RtcpTagLength], packet[authenticated..]))
        {
            return -1;
        }

        var length = authenticated - SrtpProfileInfo.SrtcpIndexLength;
        ApplyKeystream(_rtcp, ssrc, index, packet[RtpHeader.RtcpFixedLength..length]);
        return length;
    }

    public override void Dispose()
    {
        _rtp.Dispose();
        _rtcp.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }

    /// <summary>The authentication tag of SRTP: HMAC-SHA1 over the packet and the roll-over counter, truncated.</summary>
    private void RtpTag(ReadOnlySpan<byte> packet, uint roc, Span<byte> tag)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        Span<byte> mac = stackalloc byte[HmacLength];
        _rtp.Hmac.AppendData(packet);
        _rtp.Hmac.AppendData(rocBytes);
        _rtp.Hmac.GetHashAndReset(mac);
        mac[..Math.Min(tag.Length, RtpTagLength)].CopyTo(tag);
    }

    /// <summary>XORs <paramref name="data"/> with the keystream of IV = (salt·2^16) XOR (SSRC·2^64) XOR (index·2^16).</summary>
    private void ApplyKeystream(Stream stream, uint ssrc, long index, Span<byte> data)
    {
        Span<byte> iv = stackalloc byte[16];
        stream.Salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        for (var i = 0; i < 6; i++)
        {
            iv[13 - i] ^= (byte)(index >> (8 * i));
        }

        var prefix = MemoryMarshal.Read<ulong>(iv);
        var middle = MemoryMarshal.Read<uint>(iv[8..]);
        var high = BinaryPrimitives.ReadUInt16BigEndian(iv[12..]);
        var block = 0;
        while (!data.IsEmpty)
        {
            var chunk = Math.Min(data.Length, ChunkBytes);
            var blocks = (chunk + 15) / 16;
            var counters = _counters.AsSpan();
            for (var b = 0; b < blocks; b++, block++)
            {
                var slot = counters.Slice(b * 16, 16);
                MemoryMarshal.Write(slot, in prefix);
                MemoryMarshal.Write(slot[8..], in middle);
                BinaryPrimitives.WriteUInt16BigEndian(slot[12..], high);
                BinaryPrimitives.WriteUInt16BigEndian(slot[14..], (ushort)block);
            }

            stream.Ecb.TransformBlock(_counters, 0, blocks * 16, _keystream, 0);
            Xor(data[..chunk], _keystream.AsSpan(0, chunk));
            data = data[chunk..];
        }
    }

    /// <summary>XORs <paramref name="keystream"/> into <paramref name="data"/>, a vector at a time.</summary>
    internal static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<byte>.Count;
            for (; i + width <= data.Length; i += width)
            {
                var x = new Vector<byte>(data[i..]) ^ new Vector<byte>(keystream[i..]);
                x.CopyTo(data[i..]);
            }
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    /// <summary>The keys of SRTP or of SRTCP.</summary>
    private sealed class Stream : IDisposable
    {
        private readonly Aes _aes;

        public Stream(SrtpSessionKeys keys)
        {
            _aes = Aes.Create();
            _aes.Key = keys.Encryption;
            _aes.Mode = CipherMode.ECB;
            _aes.Padding = PaddingMode.None;
            Ecb = _aes.CreateEncryptor();
            Hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.Authentication);
            Salt = (byte[])keys.Salt.Clone();
        }

        public ICryptoTransform Ecb { get; }

        public IncrementalHash Hmac { get; }

        public byte[] Salt { get; }

        public void Dispose()
        {
            Ecb.Dispose();
            _aes.Dispose();
            Hmac.Dispose();
            CryptographicOperations.ZeroMemory(Salt);
        }
    }
}
