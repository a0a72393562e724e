using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Telehealth.Media.Srtp;
using Telehealth.Testing;

namespace Telehealth.Benchmarks;

/// <summary>
/// SRTP protect, and protect followed by unprotect (a round trip: unprotect needs a fresh packet index each time),
/// of 160-byte (audio) and 1200-byte (video) RTP payloads, beside: the platform primitive alone on the same bytes
/// (AesGcm; AES-ECB keystream through a cached transform plus HMAC-SHA1), libsrtp2 through P/Invoke, and a
/// BouncyCastle managed implementation built the way SIPSorcery's SRTP is (GcmBlockCipher; SicBlockCipher with
/// HMac(Sha1Digest), new cipher state per packet). Goals: within 1.2x of the primitive, no slower than libsrtp2,
/// at least 5x faster than BouncyCastle, 0 B allocated.
/// Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*SrtpBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SrtpBenchmarks : IDisposable
{
    private const int HeaderLength = 12;
    private const uint Ssrc = 0x11223344;

    private SrtpSession? _sender;
    private SrtpSession? _receiver;
    private LibSrtpSession? _libSender;
    private LibSrtpSession? _libReceiver;
    private AesGcm? _gcm;
    private Aes? _aes;
    private ICryptoTransform? _ecb;
    private IncrementalHash? _hmac;
    private byte[] _buffer = [];
    private byte[] _counters = [];
    private byte[] _keystream = [];
    private byte[] _sessionKey = [];
    private byte[] _sessionSalt = new byte[14];
    private byte[] _authKey = new byte[20];
    private ushort _sequence;
    private int _tagLength;

    [Params(SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.Aes128CmHmacSha1_32, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm)]
    public SrtpProfile Profile { get; set; }

    [Params(160, 1200)]
    public int Payload { get; set; }

    private bool IsAead => SrtpProfileInfo.IsAead(Profile);

    [GlobalSetup]
    public void Setup()
    {
        var key = RandomNumberGenerator.GetBytes(SrtpProfileInfo.MasterKeyLength(Profile));
        var salt = RandomNumberGenerator.GetBytes(SrtpProfileInfo.MasterSaltLength(Profile));
        _sender = SrtpSession.Create(Profile, key, salt);
        _receiver = SrtpSession.Create(Profile, key, salt);
        _libSender = new LibSrtpSession(Profile, key, salt, inbound: false);
        _libReceiver = new LibSrtpSession(Profile, key, salt, inbound: true);
        _tagLength = SrtpProfileInfo.RtpOverhead(Profile);
        _buffer = new byte[HeaderLength + Payload + 16];
        _sessionKey = RandomNumberGenerator.GetBytes(key.Length);
        RandomNumberGenerator.Fill(_sessionSalt);
        RandomNumberGenerator.Fill(_authKey);
        _gcm = new AesGcm(_sessionKey, 16);
        _aes = Aes.Create();
        _aes.Key = _sessionKey;
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, _authKey);
        _counters = new byte[(Payload + 15) / 16 * 16];
        _keystream = new byte[_counters.Length];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _sender?.Dispose();
        _receiver?.Dispose();
        _libSender?.Dispose();
        _libReceiver?.Dispose();
        _gcm?.Dispose();
        _ecb?.Dispose();
        _aes?.Dispose();
        _hmac?.Dispose();

        GC.SuppressFinalize(this);
    }

    [BenchmarkCategory("Protect")]
    [Benchmark(Baseline = true)]
    public int Telehealth_protect() => _sender!.ProtectRtp(NextPacket(), HeaderLength + Payload);

    [BenchmarkCategory("Protect")]
    [Benchmark]
    public int Platform_primitive_protect()
    {
        NextPacket();
        return RawProtect();
    }

    [BenchmarkCategory("Protect")]
    [Benchmark]
    public int LibSrtp2_protect()
    {
        NextPacket();
        var (status, length) = _libSender!.Protect(_buffer, HeaderLength + Payload);
        return status + length;
    }

    [BenchmarkCategory("Protect")]
    [Benchmark]
    public int BouncyCastle_protect()
    {
        NextPacket();
        return BouncyCastleProtect();
    }

    [BenchmarkCategory("RoundTrip")]
    [Benchmark(Baseline = true)]
    public int Telehealth_protect_unprotect()
    {
        var buffer = NextPacket();
        var length = _sender!.ProtectRtp(buffer, HeaderLength + Payload);
        return _receiver!.UnprotectRtp(buffer.AsSpan(0, length));
    }

    [BenchmarkCategory("RoundTrip")]
    [Benchmark]
    public int Platform_primitive_protect_unprotect()
    {
        NextPacket();
        RawProtect();
        return RawUnprotect();
    }

    [BenchmarkCategory("RoundTrip")]
    [Benchmark]
    public int LibSrtp2_protect_unprotect()
    {
        NextPacket();
        var (status, length) = _libSender!.Protect(_buffer, HeaderLength + Payload);
        var (unprotected, plain) = _libReceiver!.Unprotect(_buffer, length);
        return status + unprotected + plain;
    }

    [BenchmarkCategory("RoundTrip")]
    [Benchmark]
    public int BouncyCastle_protect_unprotect()
    {
        NextPacket();
        BouncyCastleProtect();
        return BouncyCastleUnprotect();
    }

    /// <summary>
    /// A forged packet refused: protected, one payload bit flipped, then unprotected through the
    /// non-throwing form. For GCM the platform only reports a bad tag by an exception, caught inside.
    /// </summary>
    [BenchmarkCategory("Forged")]
    [Benchmark]
    public int Telehealth_refuse_forged()
    {
        var buffer = NextPacket();
        var length = _sender!.ProtectRtp(buffer, HeaderLength + Payload);
        buffer[HeaderLength] ^= 1;
        return (int)_receiver!.TryUnprotectRtp(buffer.AsSpan(0, length), out _);
    }

    /// <summary>Writes the header of the next packet; the payload bytes are whatever the last call left.</summary>
    private byte[] NextPacket()
    {
        _buffer[0] = 0x80;
        _buffer[1] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(2), ++_sequence);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(8), Ssrc);
        return _buffer;
    }

    private int RawProtect()
    {
        Span<byte> nonce = stackalloc byte[12];
        _sessionSalt.AsSpan(0, 12).CopyTo(nonce);
        nonce[11] ^= (byte)_sequence;
        var payload = _buffer.AsSpan(HeaderLength, Payload);
        if (IsAead)
        {
            _gcm!.Encrypt(nonce, payload, payload, _buffer.AsSpan(HeaderLength + Payload, 16), _buffer.AsSpan(0, HeaderLength));
            return HeaderLength + Payload + 16;
        }

        RawKeystream(payload);
        Span<byte> mac = stackalloc byte[20];
        _hmac!.AppendData(_buffer.AsSpan(0, HeaderLength + Payload));
        _hmac.AppendData(nonce[..4]);
        _hmac.GetHashAndReset(mac);
        mac[.._tagLength].CopyTo(_buffer.AsSpan(HeaderLength + Payload));
        return HeaderLength + Payload + _tagLength;
    }

    private int RawUnprotect()
    {
        Span<byte> nonce = stackalloc byte[12];
        _sessionSalt.AsSpan(0, 12).CopyTo(nonce);
        nonce[11] ^= (byte)_sequence;
        var payload = _buffer.AsSpan(HeaderLength, Payload);
        if (IsAead)
        {
            _gcm!.Decrypt(nonce, payload, _buffer.AsSpan(HeaderLength + Payload, 16), payload, _buffer.AsSpan(0, HeaderLength));
            return HeaderLength + Payload;
        }

        Span<byte> mac = stackalloc byte[20];
        _hmac!.AppendData(_buffer.AsSpan(0, HeaderLength + Payload));
        _hmac.AppendData(nonce[..4]);
        _hmac.GetHashAndReset(mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[.._tagLength], _buffer.AsSpan(HeaderLength + Payload, _tagLength)))
        {
            throw new CryptographicException("tag");
        }

        RawKeystream(payload);
        return HeaderLength + Payload;
    }

    private void RawKeystream(Span<byte> payload)
    {
        for (var block = 0; block < _counters.Length / 16; block++)
        {
            _sessionSalt.CopyTo(_counters, block * 16);
            BinaryPrimitives.WriteUInt16BigEndian(_counters.AsSpan((block * 16) + 14), (ushort)block);
        }

        _ecb!.TransformBlock(_counters, 0, _counters.Length, _keystream, 0);
        AesCmHmacSha1SrtpCipher.Xor(payload, _keystream.AsSpan(0, payload.Length));
    }

    private int BouncyCastleProtect()
    {
        var nonce = new byte[12];
        _sessionSalt.AsSpan(0, 12).CopyTo(nonce);
        nonce[11] ^= (byte)_sequence;
        if (IsAead)
        {
            var gcm = new GcmBlockCipher(new AesEngine());
            gcm.Init(true, new AeadParameters(new KeyParameter(_sessionKey), 128, nonce, _buffer.AsSpan(0, HeaderLength).ToArray()));
            var output = new byte[gcm.GetOutputSize(Payload)];
            var length = gcm.ProcessBytes(_buffer, HeaderLength, Payload, output, 0);
            length += gcm.DoFinal(output, length);
            output.CopyTo(_buffer, HeaderLength);
            return HeaderLength + length;
        }

        BouncyCastleCtr();
        var hmac = new HMac(new Sha1Digest());
        hmac.Init(new KeyParameter(_authKey));
        hmac.BlockUpdate(_buffer, 0, HeaderLength + Payload);
        hmac.BlockUpdate(nonce, 0, 4);
        var mac = new byte[20];
        hmac.DoFinal(mac, 0);
        Array.Copy(mac, 0, _buffer, HeaderLength + Payload, _tagLength);
        return HeaderLength + Payload + _tagLength;
    }

    private int BouncyCastleUnprotect()
    {
        var nonce = new byte[12];
        _sessionSalt.AsSpan(0, 12).CopyTo(nonce);
        nonce[11] ^= (byte)_sequence;
        if (IsAead)
        {
            var gcm = new GcmBlockCipher(new AesEngine());
            gcm.Init(false, new AeadParameters(new KeyParameter(_sessionKey), 128, nonce, _buffer.AsSpan(0, HeaderLength).ToArray()));
            var output = new byte[gcm.GetOutputSize(Payload + 16)];
            var length = gcm.ProcessBytes(_buffer, HeaderLength, Payload + 16, output, 0);
            length += gcm.DoFinal(output, length);
            output.AsSpan(0, length).CopyTo(_buffer.AsSpan(HeaderLength));
            return HeaderLength + length;
        }

        var hmac = new HMac(new Sha1Digest());
        hmac.Init(new KeyParameter(_authKey));
        hmac.BlockUpdate(_buffer, 0, HeaderLength + Payload);
        hmac.BlockUpdate(nonce, 0, 4);
        var mac = new byte[20];
        hmac.DoFinal(mac, 0);
        if (!mac.AsSpan(0, _tagLength).SequenceEqual(_buffer.AsSpan(HeaderLength + Payload, _tagLength)))
        {
            throw new CryptographicException("tag");
        }

        BouncyCastleCtr();
        return HeaderLength + Payload;
    }

    private void BouncyCastleCtr()
    {
        var iv = new byte[16];
        _sessionSalt.CopyTo(iv, 0);
        iv[13] ^= (byte)_sequence;
        var ctr = new SicBlockCipher(new AesEngine());
        ctr.Init(true, new ParametersWithIV(new KeyParameter(_sessionKey), iv));
        var block = new byte[16];
        for (var offset = 0; offset < Payload; offset += 16)
        {
            var n = Math.Min(16, Payload - offset);
            Array.Copy(_buffer, HeaderLength + offset, block, 0, n);
            ctr.ProcessBlock(block, 0, block, 0);
            Array.Copy(block, 0, _buffer, HeaderLength + offset, n);
        }
    }
}
