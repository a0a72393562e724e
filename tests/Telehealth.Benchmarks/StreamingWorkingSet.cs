using System.Diagnostics;
using System.Security.Cryptography;
using Telehealth.Crypto;

namespace Telehealth.Benchmarks;

/// <summary>
/// Measures the peak working-set growth of encrypting a 1 GiB temporary file to another file with
/// the bulk path (2 workers) and with the encrypting stream, after one warm-up pass each. Reports, does not assert.
/// Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- streaming-working-set [MiB]
/// </summary>
internal static class StreamingWorkingSet
{
    public static async Task RunAsync(int mib)
    {
        var directory = BenchmarkRecords.TempDirectory("streaming");
        var input = Path.Combine(directory, "input.bin");
        var output = Path.Combine(directory, "output.bin");
        try
        {
            await WriteInputAsync(input, mib);
            var key = RandomNumberGenerator.GetBytes(32);
            var associatedData = RandomNumberGenerator.GetBytes(48);

            await MeasureAsync($"SegmentedAead.EncryptAsync, 2 workers, {mib} MiB file", mib, async () =>
            {
                await using var source = OpenRead(input);
                await using var destination = OpenWrite(output);
                await SegmentedAead.EncryptAsync(source, destination, key, associatedData, new StreamEncryptionOptions { MaxDegreeOfParallelism = 2 }, CancellationToken.None);
            });

            await MeasureAsync($"SegmentedEncryptionStream, {mib} MiB file", mib, async () =>
            {
                await using var source = OpenRead(input);
                await using var stream = new SegmentedEncryptionStream(OpenWrite(output), key, associatedData, new StreamEncryptionOptions(), leaveOpen: false);
                await source.CopyToAsync(stream, 64 * 1024);
                await stream.CompleteAsync();
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task MeasureAsync(string name, int mib, Func<Task> run)
    {
        // A first pass JITs the code and starts the thread pool, so the measured pass shows the streaming buffers only.
        await run();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var reset = ResetPeak();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = reset ? process.WorkingSet64 : process.PeakWorkingSet64;
        var start = Stopwatch.GetTimestamp();
        await run();
        var elapsed = Stopwatch.GetElapsedTime(start);
        process.Refresh();
        var growth = process.PeakWorkingSet64 - before;
        Console.WriteLine($"{name}: peak working set growth {growth / (1024.0 * 1024.0):F1} MiB (peak reset: {reset}), {mib / elapsed.TotalSeconds:F0} MiB/s file to file");
    }

    /// <summary>Resets the kernel's peak RSS counter (Linux: write 5 to /proc/self/clear_refs), so the peak is this run's.</summary>
    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    private static async Task WriteInputAsync(string path, int mib)
    {
        var block = RandomNumberGenerator.GetBytes(1024 * 1024);
        await using var file = OpenWrite(path);
        for (var i = 0; i < mib; i++)
        {
            block[0] = (byte)i;
            await file.WriteAsync(block);
        }
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static FileStream OpenWrite(string path) =>
        new(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
}
