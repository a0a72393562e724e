using System.Diagnostics;
using System.Globalization;

namespace Telehealth.Audit.Tests.Storage;

/// <summary>
/// A child process appends in a loop and reports every acknowledged sequence; it is killed with
/// SIGKILL at random moments. After each kill every acknowledged record is present, the log
/// verifies and appending continues.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Kills = 20;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Acknowledged_records_survive_twenty_SIGKILLs()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var acknowledged = new Dictionary<long, string>();
        for (var kill = 0; kill < Kills; kill++)
        {
            var acks = await RunAndKillAsync(TimeSpan.FromMilliseconds(random.Next(30, 400)));
            foreach (var (sequence, hash) in acks)
            {
                acknowledged[sequence] = hash;
            }

            await using var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path });
            var count = await store.GetCountAsync();
            Assert.True(acknowledged.Count == 0 || count > acknowledged.Keys.Max(), $"seed {seed}, kill {kill}: {count} entries after acknowledging up to {acknowledged.Keys.DefaultIfEmpty(-1).Max()}");
            await foreach (var stored in store.ReadAsync(0))
            {
                if (acknowledged.TryGetValue(stored.Position, out var hash))
                {
                    Assert.Equal(hash, Hex.Of(stored.StoredLeafHash.Span));
                }
            }

            var result = await AuditVerifier.VerifyAsync(store, []);
            TestLog.AssertIntactButUnsigned(result, count, $"seed {seed}, kill {kill}: ");
            var next = await store.AppendAsync(TestRecords.Read(kill));
            Assert.Equal(count, next.Sequence);
        }

        Assert.True(acknowledged.Count > Kills, $"the child acknowledged only {acknowledged.Count} records");
    }

    private async Task<List<(long Sequence, string Hash)>> RunAndKillAsync(TimeSpan after)
    {
        var host = AppContext.BaseDirectory.Replace(
            $"{Path.DirectorySeparatorChar}Telehealth.Audit.Tests{Path.DirectorySeparatorChar}",
            $"{Path.DirectorySeparatorChar}Telehealth.Audit.CrashHost{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal);
        var dll = Path.Combine(host, "Telehealth.Audit.CrashHost.dll");
        Assert.True(File.Exists(dll), "the crash host was not built at " + dll);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(_dir.Path);
        start.ArgumentList.Add("4");
        using var process = Process.Start(start)!;
        try
        {
            return await CollectAcknowledgementsAsync(process, after);
        }
        finally
        {
            // Never leave a writer behind, whatever failed above.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<List<(long Sequence, string Hash)>> CollectAcknowledgementsAsync(Process process, TimeSpan after)
    {
        var acks = new List<(long, string)>();
        var ready = await process.StandardOutput.ReadLineAsync();
        if (ready != "ready")
        {
            Assert.Fail("the crash host did not start: " + ready + await process.StandardError.ReadToEndAsync());
        }

        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                if (parts.Length == 3 && parts[0] == "ack")
                {
                    acks.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]));
                }
            }
        });
        await Task.Delay(after);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await reading;
        return acks;
    }
}
