using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Telehealth.Crypto;

namespace Telehealth.Benchmarks;

/// <summary>
/// Segmented streaming encryption of a large in-memory input (256 MiB; set TH_BENCH_STREAMING_MIB=1024
/// for 1 GiB) with 64 KiB segments: the encrypting stream on one core and the bulk path with 1 and 2
/// workers, beside raw single-core AES-256-GCM over the same 64 KiB chunks (the limit). One operation
/// encrypts the whole input; throughput is input size / mean.
/// Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*StreamingEncryption*' --job short
/// Peak working set of a 1 GiB file: dotnet run -c Release --project tests/Telehealth.Benchmarks -- streaming-working-set
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class StreamingEncryptionBenchmarks
{
    private const int Chunk = 64 * 1024;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _associatedData = RandomNumberGenerator.GetBytes(48);
    private byte[] _input = [];
    private byte[] _output = [];
    private AesGcm? _rawAes;
    private AesGcm? _rawAesSecondCore;

    public static IEnumerable<int> Sizes =>
        [int.TryParse(Environment.GetEnvironmentVariable("TH_BENCH_STREAMING_MIB"), out var mib) && mib > 0 ? mib : 256];

    [ParamsSource(nameof(Sizes))]
    public int SizeMiB { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _input = GC.AllocateUninitializedArray<byte>(SizeMiB * 1024 * 1024);
        RandomNumberGenerator.Fill(_input);
        var segments = (_input.Length + Chunk - 1) / Chunk;
        _output = new byte[_input.Length + 44 + (16 * segments)];
        _rawAes = new AesGcm(_key, 16);
        _rawAesSecondCore = new AesGcm(_key, 16);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rawAes?.Dispose();
        _rawAesSecondCore?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw AesGcm, 64 KiB chunks, 1 core")]
    public void RawAesGcm() => RawAesGcmChunks(_rawAes!, 0, (_input.Length + Chunk - 1) / Chunk);

    /// <summary>The limit on two cores: each core encrypts half of the chunks with its own key schedule, no I/O and no ordering.</summary>
    [Benchmark(Description = "raw AesGcm, 64 KiB chunks, 2 cores")]
    public void RawAesGcmTwoCores()
    {
        var chunks = (_input.Length + Chunk - 1) / Chunk;
        Parallel.Invoke(
            () => RawAesGcmChunks(_rawAes!, 0, chunks / 2),
            () => RawAesGcmChunks(_rawAesSecondCore!, chunks / 2, chunks));
    }

    [Benchmark(Description = "SegmentedEncryptionStream, 64 KiB writes")]
    public void EncryptionStream()
    {
        using var destination = new MemoryStream(_output);
        using var stream = new SegmentedEncryptionStream(destination, _key, _associatedData, new StreamEncryptionOptions(), leaveOpen: false);
        for (var offset = 0; offset < _input.Length; offset += Chunk)
        {
            stream.Write(_input, offset, Math.Min(Chunk, _input.Length - offset));
        }

        stream.Complete();
    }

    [Benchmark(Description = "SegmentedEncryptionStream, 1 MiB writes")]
    public void EncryptionStreamLargeWrites()
    {
        const int Write = 1 << 20;
        using var destination = new MemoryStream(_output);
        using var stream = new SegmentedEncryptionStream(destination, _key, _associatedData, new StreamEncryptionOptions(), leaveOpen: false);
        for (var offset = 0; offset < _input.Length; offset += Write)
        {
            stream.Write(_input, offset, Math.Min(Write, _input.Length - offset));
        }

        stream.Complete();
    }

    [Benchmark(Description = "SegmentedAead.EncryptAsync, 1 worker")]
    public Task ParallelEncryptOneWorker() => ParallelEncrypt(1);

    [Benchmark(Description = "SegmentedAead.EncryptAsync, 2 workers")]
    public Task ParallelEncryptTwoWorkers() => ParallelEncrypt(2);

    private void RawAesGcmChunks(AesGcm aes, int firstChunk, int endChunk)
    {
        Span<byte> nonce = stackalloc byte[12];
        for (var chunk = firstChunk; chunk < endChunk; chunk++)
        {
            var offset = chunk * Chunk;
            var length = Math.Min(Chunk, _input.Length - offset);
            var output = _output.AsSpan(chunk * (Chunk + 16), length + 16);
            BinaryPrimitives.WriteInt32BigEndian(nonce[7..], chunk);
            aes.Encrypt(nonce, _input.AsSpan(offset, length), output[..length], output[length..]);
        }
    }

    private Task ParallelEncrypt(int workers) =>
        SegmentedAead.EncryptAsync(
            new MemoryStream(_input, writable: false),
            new MemoryStream(_output),
            _key,
            _associatedData,
            new StreamEncryptionOptions { MaxDegreeOfParallelism = workers },
            CancellationToken.None);
}
