using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Storage;

/// <summary>Concurrent saves through one store and through two stores on the same directory, as two processes would.</summary>
public sealed class FileComplianceRecordStoreConcurrencyTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(StoredRecords.Start);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Concurrent_saves_leave_one_valid_document_with_every_record()
    {
        var records = StoredRecords.Create(_time);
        StoredRecords.FillAll(records, _time);
        var path = _directory.Combine("compliance");
        var one = new FileComplianceRecordStore(path);
        var other = new FileComplianceRecordStore(path);

        await Task.WhenAll(Enumerable.Range(0, 2).Select(task => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                records.Evidence.Add(Evidence.EvidenceRegisterTests.Policy() with { Id = $"policy.task{task}-{i}" });
                await (task == 0 ? one : other).SaveAsync(records);
            }
        })));

        var loaded = StoredRecords.Create(_time);
        await one.LoadAsync(loaded);
        Assert.Equal(32, loaded.Evidence.Items.Count);
        StoredRecords.AssertSameHistories(records.Risks.Histories, loaded.Risks.Histories);
        Assert.Equal(["compliance-records.json", "compliance-records.lock"], Directory.GetFiles(path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_save_waits_for_the_lock_of_another_writer()
    {
        var records = StoredRecords.Create(_time);
        StoredRecords.FillAll(records, _time);
        var store = new FileComplianceRecordStore(_directory.Combine("compliance"));
        await store.SaveAsync(records);
        var lockPath = Path.Combine(store.Directory, "compliance-records.lock");

        Task save;
        using (new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            save = store.SaveAsync(records);
            await Task.Delay(200);
            Assert.False(save.IsCompleted);
        }

        await save.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_save_waiting_for_the_lock_can_be_canceled()
    {
        var store = new FileComplianceRecordStore(_directory.Combine("compliance"));
        await store.SaveAsync(StoredRecords.Create(_time));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        using var held = new FileStream(Path.Combine(store.Directory, "compliance-records.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveAsync(StoredRecords.Create(_time), cancellation.Token));
    }
}
