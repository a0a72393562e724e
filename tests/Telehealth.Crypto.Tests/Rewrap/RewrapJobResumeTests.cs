namespace Telehealth.Crypto.Tests;

/// <summary>The rewrap job's checkpoint belongs to one rotation, keeps the failures, and shredded records are not failures.</summary>
public sealed class RewrapJobResumeTests
{
    [Fact]
    public async Task A_checkpoint_of_an_earlier_rotation_is_not_resumed_so_no_record_is_skipped()
    {
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory);
        var store = Records(host, 100);
        await host.RotateAsync();
        var checkpoint = directory.Combine("rewrap.checkpoint");
        await InterruptedRunAsync(host, store, checkpoint, stopAt: "record-0060");
        Assert.True(File.Exists(checkpoint));

        // Another rotation before the job was finished: the checkpoint names the move to v2, not to v3.
        await host.RotateAsync();
        var result = await new KeyRewrapJob(host.Cipher, store, checkpoint).RunAsync();

        Assert.False(result.Resumed);
        Assert.Equal(100, result.Scanned);
        var census = await KeyVersionCensus.TakeAsync(store);
        Assert.Equal(100, census.RecordsOn("default", 3));
    }

    [Fact]
    public async Task Failures_before_the_checkpoint_are_still_reported_by_the_run_that_resumes()
    {
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory);
        var store = Records(host, 100);
        var damaged = host.Cipher.Encrypt("x"u8, Contexts.Note("damaged"));
        damaged[^1] ^= 1;
        var layout = EnvelopeLayout.Read(damaged, requireBody: true);
        damaged[layout.WrappedKeyOffset + 20] ^= 1;
        store.Put("record-0010-damaged", damaged);
        await host.RotateAsync();
        var checkpoint = directory.Combine("rewrap.checkpoint");
        await InterruptedRunAsync(host, store, checkpoint, stopAt: "record-0080");

        var result = await new KeyRewrapJob(host.Cipher, store, checkpoint).RunAsync();

        Assert.True(result.Resumed);
        Assert.Equal(1, result.Failed);
        Assert.Equal(["record-0010-damaged"], result.FailedRecordKeys);
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public async Task Records_of_a_shredded_subject_are_counted_as_shredded_by_census_and_job_without_a_failure_audit()
    {
        await using var audit = new AuditFixture();
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory, subjectKeys: true, auditLog: audit.Log);
        var store = new MemoryEnvelopeStore();
        host.Keyring.AddEnvelopeStore("visit-notes", store);
        store.Put("note-a", host.Cipher.Encrypt("alice"u8, Contexts.Note("note-a", subject: "patient-alice")));
        store.Put("note-b", host.Cipher.Encrypt("bob"u8, Contexts.Note("note-b", subject: "patient-bob")));
        Assert.True(await host.SubjectKeys!.DestroyAsync("clinic-a", "patient-alice"));
        await host.RotateAsync();

        var census = await host.Keyring.TakeCensusAsync();
        Assert.Equal(1, census.Shredded);
        Assert.Equal(new KeyVersionCensusSource("visit-notes", 2, 0, 1), census.Sources.Single(s => s.Name == "visit-notes"));

        var result = await new KeyRewrapJob(host.Cipher, directory.Combine("rewrap.checkpoint")).RunAsync();
        Assert.Equal(1, result.Shredded);
        Assert.Equal(1, result.Rewrapped);
        Assert.Equal(0, result.Failed);

        // Nothing needs version 1 any more: the shredded record needs no key at all.
        await host.Keyring.SetMinimumDecryptionVersionAsync(2);
        await host.Keyring.DisableAsync(1);
        var records = await audit.WaitForAsync(r => r.Action == "crypto.key.disabled");
        Assert.DoesNotContain(records, r => r.Action == "crypto.decrypt.failed");
        Assert.Equal("bob"u8.ToArray(), host.Cipher.Decrypt(store.Get("note-b"), Contexts.Note("note-b", subject: "patient-bob")));
    }

    [Fact]
    public async Task A_checkpoint_of_version_0_1_names_no_rotation_and_is_set_aside()
    {
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory);
        var store = Records(host, 10);
        await host.RotateAsync();
        var checkpoint = directory.Combine("rewrap.checkpoint");
        await File.WriteAllTextAsync(checkpoint, """{"After":"record-0005"}""");

        var result = await new KeyRewrapJob(host.Cipher, store, checkpoint).RunAsync();

        Assert.False(result.Resumed);
        Assert.Equal(10, result.Rewrapped);
    }

    private static MemoryEnvelopeStore Records(KeyHost host, int count)
    {
        var store = new MemoryEnvelopeStore();
        for (var i = 0; i < count; i++)
        {
            store.Put($"record-{i:D4}", host.Cipher.Encrypt(Contexts.Bytes(10, i), Contexts.Note($"r{i}")));
        }

        return store;
    }

    private static async Task InterruptedRunAsync(KeyHost host, MemoryEnvelopeStore store, string checkpoint, string stopAt)
    {
        using var stop = new CancellationTokenSource();
        store.BeforeRead = (key, _) =>
        {
            if (key == stopAt)
            {
                stop.Cancel();
            }

            return ValueTask.CompletedTask;
        };
        var job = new KeyRewrapJob(host.Cipher, store, checkpoint) { CheckpointInterval = 25 };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(stop.Token).AsTask());
        store.BeforeRead = null;
    }
}
