using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Audit.Tests;

/// <summary>
/// A real file store built through the audit log: several tile-aligned segments, signed checkpoints
/// (with their tiles, the checkpoint file and the head) and entries after the last checkpoint.
/// Tests damage copies of it and check what opening, the log and the verifier make of the damage.
/// </summary>
internal sealed class DamageFixture : IDisposable
{
    public const string Origin = "test.example/audit";
    public const long SegmentBytes = 64 * 1024;

    private DamageFixture(TempDirectory directory, CheckpointSigningKey key, List<long> checkpointSizes, long count)
    {
        Directory = directory;
        Key = key;
        CheckpointSizes = checkpointSizes;
        Count = count;
    }

    public TempDirectory Directory { get; }

    public string Path => Directory.Path;

    public CheckpointSigningKey Key { get; }

    public IReadOnlyList<long> CheckpointSizes { get; }

    public long Count { get; }

    /// <summary>Builds a store of <paramref name="entries"/> entries with checkpoints after the given counts and an unsealed tail.</summary>
    public static async Task<DamageFixture> BuildAsync(int entries = 1500, int[]? checkpointsAfter = null, int unsealed = 40)
    {
        checkpointsAfter ??= [300, 800, entries - unsealed];
        var directory = new TempDirectory();
        var key = CheckpointSigningKey.Generate(Origin);
        await using (var host = Host(directory.Path, key))
        {
            var log = host.GetRequiredService<AuditLog>();
            for (var i = 0; i < entries; i++)
            {
                await log.AppendAsync(TestRecords.Read(i));
                if (checkpointsAfter.Contains(i + 1))
                {
                    await log.CheckpointAsync();
                }
            }

            // Disposing the log would sign the tail; leaving it unsigned is the point.
            await host.GetRequiredService<IAuditStore>().DisposeAsync();
        }

        return new DamageFixture(directory, key, [.. checkpointsAfter.Select(c => (long)c)], entries);
    }

    /// <summary>A container with the audit log on a file store of small segments in <paramref name="directory"/>.</summary>
    public static ServiceProvider Host(string directory, CheckpointSigningKey key, IAuditAlertSink? alerts = null)
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new FakeTimeProvider(TestRecords.Epoch));
        if (alerts is not null)
        {
            services.AddSingleton(alerts);
        }

        services.AddTelehealthAudit(o => o.Origin = Origin)
            .UseStore(_ => FileAuditStore.Open(new FileAuditStoreOptions { Directory = directory, SegmentMaxBytes = SegmentBytes }))
            .UseSigningKey(key);
        return services.BuildServiceProvider();
    }

    /// <summary>Copies the store into a fresh directory for one damage case.</summary>
    public TempDirectory Copy()
    {
        var copy = new TempDirectory();
        foreach (var file in System.IO.Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(copy.Path, System.IO.Path.GetRelativePath(Path, file));
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }

    /// <summary>The SHA-256 of every file under <paramref name="directory"/> but the lock file, by relative path.</summary>
    public static Dictionary<string, string> Snapshot(string directory) =>
        System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => System.IO.Path.GetFileName(f) != "audit.lock")
            .ToDictionary(f => System.IO.Path.GetRelativePath(directory, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>Opening must refuse with TH1021 and leave every byte as it was; returns the refusal.</summary>
    public static AuditStoreException AssertOpenRefusesUnchanged(string directory)
    {
        var before = Snapshot(directory);
        var ex = Assert.Throws<AuditStoreException>(() => FileAuditStore.Open(new FileAuditStoreOptions { Directory = directory, SegmentMaxBytes = SegmentBytes }));
        Assert.Equal(AuditErrorCodes.StoreDamaged, ex.Code);
        Assert.Equal(before, Snapshot(directory));
        return ex;
    }

    public static string SegmentPath(string directory, long firstSequence) => System.IO.Path.Combine(directory, FileSegmentFormat.FileName(firstSequence));

    public static IReadOnlyList<(long FirstSequence, string Path)> Segments(string directory) => FileSegmentReader.ListSegments(directory);

    public void Dispose()
    {
        Key.Dispose();
        Directory.Dispose();
    }
}
