using System.Diagnostics;

namespace Telehealth.Benchmarks;

/// <summary>
/// A quick cross-check of <see cref="StreamingEncryptionBenchmarks"/> on a shared machine: each case
/// runs several times and the fastest and median runs are printed (the fastest is the least disturbed
/// by other processes). Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- streaming-throughput [MiB] [runs]
/// </summary>
internal static class StreamingThroughput
{
    public static async Task RunAsync(int mib, int runs)
    {
        var benchmarks = new StreamingEncryptionBenchmarks { SizeMiB = mib };
        benchmarks.Setup();
        try
        {
            (string Name, Func<Task> Run)[] cases =
            [
                ("raw AesGcm, 64 KiB chunks, 1 core", () => { benchmarks.RawAesGcm(); return Task.CompletedTask; }),
                ("raw AesGcm, 64 KiB chunks, 2 cores", () => { benchmarks.RawAesGcmTwoCores(); return Task.CompletedTask; }),
                ("SegmentedEncryptionStream, 64 KiB writes", () => { benchmarks.EncryptionStream(); return Task.CompletedTask; }),
                ("SegmentedEncryptionStream, 1 MiB writes", () => { benchmarks.EncryptionStreamLargeWrites(); return Task.CompletedTask; }),
                ("SegmentedAead.EncryptAsync, 1 worker", benchmarks.ParallelEncryptOneWorker),
                ("SegmentedAead.EncryptAsync, 2 workers", benchmarks.ParallelEncryptTwoWorkers),
            ];
            double? baseline = null;
            foreach (var (name, run) in cases)
            {
                await run();
                var times = new double[runs];
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var wallBefore = Stopwatch.GetTimestamp();
                for (var i = 0; i < runs; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await run();
                    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }

                var cores = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / Stopwatch.GetElapsedTime(wallBefore).TotalMilliseconds;
                Array.Sort(times);
                baseline ??= times[0];
                Console.WriteLine($"{name}: fastest {times[0]:F1} ms ({mib * 1.048576 / times[0] * 1000:F0} MB/s, {times[0] / baseline:F2} x baseline), median {times[runs / 2]:F1} ms, {cores:F2} cores busy on average");
            }
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }
}
