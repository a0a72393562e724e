using System.Runtime.Versioning;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Storage;

/// <summary>The directory and files are readable by their owner only (Unix).</summary>
public sealed class FileComplianceRecordStorePermissionTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [SkippableFact]
    [UnsupportedOSPlatform("windows")]
    public async Task Directory_is_0700_and_files_are_0600()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix file modes");
        var store = new FileComplianceRecordStore(_directory.Combine("compliance"));
        var time = new FakeTimeProvider(StoredRecords.Start);
        var records = StoredRecords.Create(time);
        StoredRecords.FillAll(records, time);

        await store.SaveAsync(records);
        await store.SaveAsync(records);

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Directory));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(store.FilePath));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(store.Directory, "compliance-records.lock")));
    }
}
