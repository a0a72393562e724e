namespace Telehealth.Audit.Tests.Storage;

/// <summary>
/// Whatever fails inside the group-commit writer fails the appends it was writing with a clear
/// error, never leaves later appends waiting, and never lets a later batch follow bytes nobody
/// acknowledged.
/// </summary>
public sealed class WriterFaultTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_unexpected_fault_fails_that_batch_only_and_the_store_goes_on()
    {
        await using (var store = FileAuditStore.Open(new FileAuditStoreOptions { Directory = _dir.Path }))
        {
            await store.AppendAsync(TestRecords.Read(0));
            store.WriteFault = () => new InvalidOperationException("simulated");
            var ex = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.AppendAsync(TestRecords.Read(1)).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(AuditErrorCodes.WriteFailed, ex.Code);
            store.WriteFault = null;

            var next = await store.AppendAsync(TestRecords.Read(2)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, next.Sequence);
        }

        await using var reopened = FileAuditStore.Open(new FileAuditStoreOptions { Directory = _dir.Path });
        Assert.Equal(2, await reopened.GetCountAsync());
        TestLog.AssertIntactButUnsigned(await AuditVerifier.VerifyAsync(reopened, []), 2);
    }

    [Fact]
    public async Task A_fault_that_cannot_be_undone_stops_the_store_and_fails_every_later_append_at_once()
    {
        await using (var store = FileAuditStore.Open(new FileAuditStoreOptions { Directory = _dir.Path }))
        {
            await store.AppendAsync(TestRecords.Read(0));
            store.WriteFault = () => new IOException("simulated disk failure");
            store.UndoFault = () => new IOException("simulated: the file cannot be truncated either");
            var first = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.AppendAsync(TestRecords.Read(1)).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(AuditErrorCodes.WriteFailed, first.Code);

            var later = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.AppendAsync(TestRecords.Read(2)).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(AuditErrorCodes.WriteFailed, later.Code);
            Assert.Contains("stopped writing", later.Message, StringComparison.Ordinal);
        }

        // The half-written batch was never acknowledged: reopening cuts exactly that.
        await using var reopened = FileAuditStore.Open(new FileAuditStoreOptions { Directory = _dir.Path });
        Assert.Equal(1, await reopened.GetCountAsync());
    }

    [Fact]
    public async Task Many_concurrent_appends_during_a_fault_all_complete_one_way_or_the_other()
    {
        await using var store = FileAuditStore.Open(new FileAuditStoreOptions { Directory = _dir.Path, MaxBatchSize = 8 });
        var calls = 0;
        store.WriteFault = () => Interlocked.Increment(ref calls) % 3 == 0 ? new InvalidOperationException("simulated") : null;
        var appends = Enumerable.Range(0, 200).Select(i => store.AppendAsync(TestRecords.Read(i)).AsTask()).ToList();
        var finished = await Task.WhenAll(appends.Select(a => a.ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains(true, finished);
        Assert.Contains(false, finished);
        Assert.Equal(finished.Count(f => f), await store.GetCountAsync());
    }
}
