using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NSec.Cryptography;
using Telehealth.Crypto;

namespace Telehealth.Benchmarks;

/// <summary>
/// The integrity hot paths beside the primitive each one wraps, per category: a versioned HMAC tag
/// of 1 KiB vs raw HMACSHA256.HashData, a pseudonym token of a short identifier vs raw
/// HMACSHA256.HashData of its bytes, and an Ed25519 signature value vs NSec's raw sign. The span
/// paths must allocate nothing.
/// Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*Integrity*' --job short
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class IntegrityBenchmarks
{
    private const string Identifier = "MRN-0012345";
    private static readonly TokenPurpose Purpose = new("logs");

    private readonly byte[] _data = new byte[1024];
    private readonly byte[] _identifierBytes = "MRN-0012345"u8.ToArray();
    private readonly byte[] _tag = new byte[HmacKeySet.TagSize];
    private readonly byte[] _mac = new byte[32];
    private readonly char[] _token = new char[Tokenizer.MaxTokenLength];
    private byte[] _rawKey = [];
    private byte[] _signature = [];
    private HmacKey? _hmacKey;
    private HmacKeySet? _hmac;
    private TokenizationKey? _tokenKey;
    private Tokenizer? _tokenizer;
    private SigningKey? _signer;
    private Key? _nsecKey;

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_data);
        _rawKey = RandomNumberGenerator.GetBytes(32);
        _hmacKey = HmacKey.Import(1, _rawKey);
        _hmac = new HmacKeySet(_hmacKey);
        _tokenKey = TokenizationKey.Import(1, _rawKey);
        _tokenizer = new Tokenizer(_tokenKey);
        _signer = SigningKey.Generate(SigningAlgorithm.Ed25519, "rx-bench");
        _signature = new byte[_signer.SignatureSize];
        _nsecKey = Key.Create(SignatureAlgorithm.Ed25519);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _hmacKey?.Dispose();
        _tokenKey?.Dispose();
        _signer?.Dispose();
        _nsecKey?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw HMACSHA256.HashData (1 KiB)")]
    [BenchmarkCategory("HMAC 1 KiB")]
    public byte RawHmac()
    {
        HMACSHA256.HashData(_rawKey, _data, _mac);
        return _mac[0];
    }

    [Benchmark(Description = "HmacKeySet.ComputeTag (1 KiB)")]
    [BenchmarkCategory("HMAC 1 KiB")]
    public int VersionedTag() => _hmac!.ComputeTag(_data, _tag);

    [Benchmark(Baseline = true, Description = "raw HMACSHA256.HashData (identifier)")]
    [BenchmarkCategory("Tokenize")]
    public byte RawTokenMac()
    {
        HMACSHA256.HashData(_rawKey, _identifierBytes, _mac);
        return _mac[0];
    }

    [Benchmark(Description = "Tokenizer.TryTokenize (identifier)")]
    [BenchmarkCategory("Tokenize")]
    public int Tokenize()
    {
        _tokenizer!.TryTokenize(Identifier, Purpose, _token, out var written);
        return written;
    }

    [Benchmark(Baseline = true, Description = "NSec Ed25519.Sign (1 KiB)")]
    [BenchmarkCategory("Ed25519 sign")]
    public byte RawEd25519()
    {
        SignatureAlgorithm.Ed25519.Sign(_nsecKey!, _data, _signature.AsSpan(0, 64));
        return _signature[0];
    }

    [Benchmark(Description = "SigningKey.Sign Ed25519 (1 KiB)")]
    [BenchmarkCategory("Ed25519 sign")]
    public int SignatureValue() => _signer!.Sign(_data, _signature);
}
