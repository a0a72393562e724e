using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Telehealth.Audit;

namespace Telehealth.Benchmarks;

/// <summary>
/// Full verification of a 200,000-record file-store log (every entry hash, the chain, the tree and a
/// checkpoint signature) beside the bare SHA-256 calls it cannot avoid: one leaf hash per entry and
/// one node hash per inner tree node. One operation is one record. The verifier uses every core;
/// the baseline is one thread. Three warm-up iterations let tiered compilation finish, so both are
/// measured at steady state.
/// Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*AuditVerificationBenchmarks*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class AuditVerificationBenchmarks
{
    private const int Records = 200_000;
    private string _directory = "";
    private byte[][] _entries = [];
    private CheckpointSigningKey? _key;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = BenchmarkRecords.TempDirectory("verify");
        _key = CheckpointSigningKey.Generate("bench");
        await using (var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _directory }))
        {
            var pending = new List<Task<AuditAppendResult>>(Records);
            for (var i = 0; i < Records; i++)
            {
                pending.Add(store.AppendAsync(BenchmarkRecords.Read(i)).AsTask());
            }

            var ordered = (await Task.WhenAll(pending)).OrderBy(r => r.Sequence).Select(r => r.LeafHash.ToArray()).ToList();
            var checkpoint = new Checkpoint("bench", Records, MerkleProofs.RootOf(ordered), DateTimeOffset.UnixEpoch);
            await store.AppendCheckpointAsync(SignedCheckpoint.Sign(checkpoint, _key));
        }

        _entries = AuditStoreWriter.Chain(0, new byte[32], Enumerable.Range(0, Records).Select(BenchmarkRecords.Read).ToList()).Select(c => c.Data).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _key!.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "AuditVerifier.VerifyDirectoryAsync")]
    public async Task<bool> VerifyLog()
    {
        var result = await AuditVerifier.VerifyDirectoryAsync(_directory, [_key!.VerifierKey]);
        return result.IsValid ? true : throw new InvalidOperationException(result.Message);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "bare SHA-256: leaf + node hashes")]
    public byte[] BareSha256()
    {
        Span<byte> leaf = stackalloc byte[32];
        Span<byte> node = stackalloc byte[65];
        var buffer = new byte[1024];
        for (var i = 0; i < _entries.Length; i++)
        {
            buffer[0] = 0;
            _entries[i].CopyTo(buffer, 1);
            SHA256.HashData(buffer.AsSpan(0, _entries[i].Length + 1), leaf);
            if (i > 0)
            {
                node[0] = 1;
                SHA256.HashData(node, node[1..33]);
            }
        }

        return leaf.ToArray();
    }
}
