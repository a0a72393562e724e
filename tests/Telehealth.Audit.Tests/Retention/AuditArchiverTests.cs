using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace Telehealth.Audit.Tests.Retention;

public sealed class AuditArchiverTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _archive = new();

    public void Dispose()
    {
        _dir.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public async Task Expired_entries_are_archived_as_verifiable_bundles_recorded_in_the_log_and_nothing_is_deleted()
    {
        await using var host = new AuditHost(_dir, o => o.RetentionPeriod = TimeSpan.FromDays(2192));
        for (var i = 0; i < 10; i++)
        {
            await host.Log.AppendAsync(TestRecords.Read(i));
        }

        host.Time.SetUtcNow(TestRecords.Epoch + TimeSpan.FromDays(2192) + TimeSpan.FromSeconds(5.5));
        var archiver = host.Services.GetRequiredService<AuditArchiver>();
        var officer = new AuditActor("svc-retention", AuditActorType.Service);
        var archives = await archiver.ArchiveExpiredAsync(_archive.Path, officer, maxEntriesPerBundle: 4);

        Assert.Equal([(0L, 4L), (4L, 6L)], archives.Select(a => (a.FromSequence, a.ToSequence)));
        foreach (var archive in archives)
        {
            await using var stream = File.OpenRead(archive.Path);
            var result = await AuditVerifier.VerifyBundleAsync(stream, host.Log.VerifierKeys);
            Assert.True(result.IsValid, result.Message);
            Assert.Equal(archive.ToSequence - archive.FromSequence, result.EntriesVerified);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(archive.Path))), archive.Sha256);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive.Path));
            }
        }

        var recorded = await host.Log.QueryAsync(new AuditQuery { Action = AuditArchiver.ArchivedAction }, officer);
        Assert.Equal(archives.Select(a => a.Sha256), recorded.Entries.Select(e => e.Record.Extra.Single(f => f.Name == "bundle.sha256").Value));
        Assert.Empty(Directory.GetFiles(_archive.Path, "*.partial"));

        Assert.Empty(await archiver.ArchiveExpiredAsync(_archive.Path, officer));
        var log = await AuditVerifier.VerifyAsync(host.Store, host.Log.VerifierKeys);
        Assert.True(log.IsValid, log.Message);
        Assert.True(log.EntriesVerified > 10);
    }

    [Fact]
    public async Task Nothing_is_archived_before_the_retention_period_ends()
    {
        await using var host = new AuditHost(_dir);
        await host.Log.AppendAsync(TestRecords.Read(0));
        host.Time.SetUtcNow(TestRecords.Epoch + TimeSpan.FromDays(2191));
        var archiver = host.Services.GetRequiredService<AuditArchiver>();
        Assert.Empty(await archiver.ArchiveExpiredAsync(_archive.Path, new AuditActor("svc-retention", AuditActorType.Service)));
        Assert.Empty(Directory.GetFiles(_archive.Path));
    }
}
