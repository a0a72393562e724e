using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telehealth.Audit;

namespace Telehealth.Benchmarks;

/// <summary>
/// A file-store log of 1,000,000 and 10,000,000 entries: opening it (recovery, the history check
/// against the newest signed checkpoint) and making the first append, and inclusion proofs from its
/// tiles. Baselines in the same run: reading and hashing the last segment file, the least an open
/// that checks the tail must do; and verifying a proof, the least a client does with one.
/// The log is built once per size under the temporary directory and reused by later runs (building
/// 10,000,000 entries takes a few minutes).
/// Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*LargeLogBenchmarks*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class LargeLogBenchmarks
{
    private const int Proofs = 1000;
    private const string Origin = "bench.example/audit";
    private string _directory = "";
    private CheckpointSigningKey? _key;
    private FileAuditStore? _store;
    private AuditLog? _log;
    private long[] _leaves = [];
    private SignedCheckpoint? _checkpoint;
    private InclusionProof? _proof;
    private byte[] _leafHash = [];

    [Params(1_000_000, 10_000_000)]
    public int Entries { get; set; }

    /// <summary>Builds the logs of every size the benchmark uses, if they are not there yet.</summary>
    /// <returns>A task that completes when they are built.</returns>
    public static async Task PrepareAsync()
    {
        foreach (var entries in new[] { 1_000_000, 10_000_000 })
        {
            (await BuildOnceAsync(DirectoryOf(entries), entries)).Dispose();
        }
    }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = DirectoryOf(Entries);
        _key = await BuildOnceAsync(_directory, Entries);
        var random = new Random(Entries);
        _leaves = [.. Enumerable.Range(0, Proofs).Select(_ => random.NextInt64(Entries))];
    }

    [IterationSetup(Targets = [nameof(InclusionProofFromTiles), nameof(InclusionProofOfRecentEntry), nameof(VerifyProof), nameof(ColdTileHashes)])]
    public void OpenForProofs()
    {
        _store = FileAuditStore.Open(new FileAuditStoreOptions { Directory = _directory });
        _log = NewLog(_store, _key!);
        _log.StartAsync().AsTask().GetAwaiter().GetResult();
        _checkpoint = _log.CheckpointAsync().AsTask().GetAwaiter().GetResult();
        _proof = _log.GetInclusionProofAsync(_leaves[0], _checkpoint.Checkpoint.TreeSize).AsTask().GetAwaiter().GetResult();
        _leafHash = _store.ReadAsync(_leaves[0]).ToBlockingEnumerable().First().StoredLeafHash.ToArray();
    }

    [IterationCleanup(Targets = [nameof(InclusionProofFromTiles), nameof(InclusionProofOfRecentEntry), nameof(VerifyProof), nameof(ColdTileHashes)])]
    public void CloseAfterProofs()
    {
        _log!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _key?.Dispose();

    [Benchmark(Description = "open + history check + first append")]
    public async Task<long> OpenAndFirstAppend()
    {
        await using var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _directory });
        await using var log = NewLog(store, _key!);
        await log.StartAsync();
        var result = await log.AppendAsync(BenchmarkRecords.Read(Entries));
        return result.Sequence;
    }

    [Benchmark(Baseline = true, Description = "baseline: read and hash the last segment")]
    public byte[] ReadLastSegment()
    {
        var last = Directory.GetFiles(_directory, "segment-*.log").Max()!;
        using var file = File.OpenRead(last);
        return SHA256.HashData(file);
    }

    [Benchmark(OperationsPerInvoke = Proofs, Description = "inclusion proof from tiles (random leaf)")]
    public async Task<int> InclusionProofFromTiles()
    {
        var total = 0;
        var size = _checkpoint!.Checkpoint.TreeSize;
        foreach (var leaf in _leaves)
        {
            total += (await _log!.GetInclusionProofAsync(leaf, size)).Hashes.Count;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Proofs, Description = "inclusion proof from tiles (one of the last 256 entries)")]
    public async Task<int> InclusionProofOfRecentEntry()
    {
        var total = 0;
        var size = _checkpoint!.Checkpoint.TreeSize;
        for (var i = 0; i < Proofs; i++)
        {
            total += (await _log!.GetInclusionProofAsync(size - 1 - (i % 256), size)).Hashes.Count;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Proofs, Description = "floor of a cold tile: its 255 inner node hashes")]
    public byte[] ColdTileHashes()
    {
        using var hasher = new MerkleHasher();
        var tile = new byte[256 * 32];
        var scratch = new byte[128 * 32];
        var root = new byte[32];
        for (var i = 0; i < _leaves.Length; i++)
        {
            tile[0] = (byte)i;
            MerkleFrontier.PerfectSubtreeRoot(hasher, tile, scratch, root);
        }

        return root;
    }

    [Benchmark(OperationsPerInvoke = Proofs, Description = "baseline: verify one proof")]
    public bool VerifyProof()
    {
        var valid = true;
        for (var i = 0; i < Proofs; i++)
        {
            valid &= _proof!.Verify(_leafHash, _checkpoint!.Checkpoint.RootHash.Span);
        }

        return valid;
    }

    private static string DirectoryOf(int entries) => Path.Combine(Path.GetTempPath(), "telehealth-bench", "large-" + entries.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static AuditLog NewLog(IAuditStore store, CheckpointSigningKey key) => new(
        store,
        Options.Create(new AuditOptions { Origin = Origin, CheckpointInterval = TimeSpan.FromHours(1) }),
        key,
        new ServiceCollection().AddRedaction().BuildServiceProvider().GetRequiredService<IRedactorProvider>(),
        NullLogger<AuditLog>.Instance);

    /// <summary>Builds the log with 64 concurrent appenders and one signed checkpoint, unless a complete one is there.</summary>
    private static async Task<CheckpointSigningKey> BuildOnceAsync(string directory, int entries)
    {
        var keyFile = Path.Combine(directory, "bench-signing.key");
        var complete = Path.Combine(directory, "bench-complete");
        if (File.Exists(complete))
        {
            return CheckpointSigningKey.ImportSignerKey(await File.ReadAllTextAsync(keyFile));
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        var key = CheckpointSigningKey.Generate(Origin);
        await File.WriteAllTextAsync(keyFile, key.ExportSignerKey());
        var started = DateTime.UtcNow;
        await using (var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = directory }))
        {
            const int Appenders = 64;
            await Task.WhenAll(Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
            {
                for (var i = a; i < entries; i += Appenders)
                {
                    await store.AppendAsync(BenchmarkRecords.Read(i));
                }
            })));
            await using var log = NewLog(store, key);
            await log.CheckpointAsync();
        }

        Console.WriteLine($"// built a log of {entries:N0} entries in {(DateTime.UtcNow - started).TotalSeconds:F0} s");
        await File.WriteAllTextAsync(complete, entries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return key;
    }
}
