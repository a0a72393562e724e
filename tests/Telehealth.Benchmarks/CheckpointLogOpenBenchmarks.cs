using BenchmarkDotNet.Attributes;
using Telehealth.Audit;

namespace Telehealth.Benchmarks;

/// <summary>
/// Opening a file store whose <c>checkpoints.log</c> holds one signed checkpoint or a million (about
/// three years of checkpoints every 10 s during working hours): opening reads only the newest frame,
/// so the two must cost the same. The store itself is small (1,000 entries), so the checkpoint log is
/// what differs.
/// Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*CheckpointLogOpenBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class CheckpointLogOpenBenchmarks
{
    private const string Origin = "bench.example/audit";
    private string _directory = string.Empty;

    [Params(1, 1_000_000)]
    public int Checkpoints { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = BenchmarkRecords.TempDirectory("checkpoint-log");
        using var key = CheckpointSigningKey.Generate(Origin);
        var leaves = new List<byte[]>();
        await using (var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _directory }))
        {
            for (var i = 0; i < 1000; i++)
            {
                leaves.Add((await store.AppendAsync(BenchmarkRecords.Read(i))).LeafHash.ToArray());
            }

            var checkpoint = new Checkpoint(Origin, leaves.Count, MerkleProofs.RootOf(leaves), DateTimeOffset.UtcNow);
            await store.AppendCheckpointAsync(SignedCheckpoint.Sign(checkpoint, key));
        }

        // The same frame again and again: sizes never decrease, and the last frame is the checkpoint file's note.
        var path = Path.Combine(_directory, "checkpoints.log");
        var frame = await File.ReadAllBytesAsync(path);
        await using var log = new FileStream(path, FileMode.Append, FileAccess.Write);
        for (var i = 1; i < Checkpoints; i++)
        {
            log.Write(frame);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, Description = "baseline: read and parse every frame of checkpoints.log")]
    public int ScanWholeCheckpointLog() => CheckpointFiles.Scan(_directory).Count;

    [Benchmark(Description = "open and close a 1,000-entry file store")]
    public async Task<long> OpenAndClose()
    {
        await using var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _directory });
        return await store.GetCountAsync();
    }
}
