using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Telehealth.Audit;

namespace Telehealth.Benchmarks;

/// <summary>
/// Durable appends per second to the file store through its group-commit writer, with 1 to 64
/// concurrent appenders, beside two baselines in the same run: a raw FileStream append + fsync per
/// record, and per batch of 256 records. One operation is one durable record. The p50/p99 latency of
/// single appends is printed at the end of each case (look for "append latency" in the log).
/// Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*AuditAppendBenchmarks*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class AuditAppendBenchmarks
{
    private const int Records = 32_768;
    private const int PerRecordFsyncs = 1024;
    private const int BatchSize = 256;
    private readonly List<double> _latencies = [];
    private string _directory = "";
    private FileAuditStore? _store;
    private byte[][] _frames = [];
    private FileStream? _raw;

    [Params(1, 4, 16, 64)]
    public int Appenders { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = BenchmarkRecords.TempDirectory("append");
        _store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = Path.Combine(_directory, "store") });
        _frames = AuditStoreWriter.Chain(0, new byte[32], Enumerable.Range(0, Records).Select(BenchmarkRecords.Read).ToList())
            .Select(c => c.Data).ToArray();
        _raw = new FileStream(Path.Combine(_directory, "raw.log"), FileMode.Create, FileAccess.Write, FileShare.None, 1);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_latencies.Count > 0)
        {
            _latencies.Sort();
            Console.WriteLine($"// append latency with {Appenders} appenders: p50 {Percentile(0.50):F3} ms, p99 {Percentile(0.99):F3} ms over {_latencies.Count} appends");
        }

        await _store!.DisposeAsync();
        await _raw!.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "FileAuditStore group commit")]
    public async Task GroupCommit()
    {
        var perAppender = Records / Appenders;
        var tasks = new Task[Appenders];
        var latencies = new double[Appenders][];
        for (var a = 0; a < Appenders; a++)
        {
            var appender = a;
            tasks[a] = Task.Run(async () =>
            {
                var own = latencies[appender] = new double[perAppender];
                for (var i = 0; i < perAppender; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await _store!.AppendAsync(BenchmarkRecords.Read(i));
                    own[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            });
        }

        await Task.WhenAll(tasks);
        lock (_latencies)
        {
            _latencies.AddRange(latencies.SelectMany(l => l));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PerRecordFsyncs, Description = "raw FileStream, fsync per record")]
    public void RawFsyncPerRecord()
    {
        for (var i = 0; i < PerRecordFsyncs; i++)
        {
            _raw!.Write(_frames[i]);
            _raw.Flush(flushToDisk: true);
        }
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "raw FileStream, fsync per 256 records")]
    public void RawFsyncPerBatch()
    {
        for (var i = 0; i < Records; i++)
        {
            _raw!.Write(_frames[i]);
            if (i % BatchSize == BatchSize - 1)
            {
                _raw.Flush(flushToDisk: true);
            }
        }
    }

    private double Percentile(double p) => _latencies[(int)Math.Min(_latencies.Count - 1, Math.Ceiling(p * _latencies.Count) - 1)];
}
