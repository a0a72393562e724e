namespace Telehealth.Crypto.Tests;

public sealed class RewrapTests
{
    [Fact]
    public async Task Rewrap_changes_only_the_header_and_the_result_decrypts_under_the_new_version()
    {
        using var host = new KeyHost(subjectKeys: true);
        var context = Contexts.Note(subject: "patient-7");
        var envelope = host.Cipher.Encrypt(Contexts.Bytes(5000), context);
        await host.RotateAsync();

        var rewrap = await host.Cipher.RewrapAsync(envelope);
        Assert.True(rewrap.Changed);
        var moved = rewrap.Apply(envelope);
        var before = EnvelopeInfo.Read(envelope);
        var after = EnvelopeInfo.Read(moved);
        Assert.Equal(1, before.KeyVersion);
        Assert.Equal(2, after.KeyVersion);
        Assert.True(after.HasSubjectKey);
        Assert.Equal(envelope.AsSpan(before.HeaderLength).ToArray(), moved.AsSpan(after.HeaderLength).ToArray());
        Assert.Equal(Contexts.Bytes(5000), host.Cipher.Decrypt(moved, context));

        // The subject key is wrapped under version 1 too; version 1 may be disabled only once it has moved.
        await Assert.ThrowsAsync<KeyVersionInUseException>(() => host.Keyring.DisableAsync(1).AsTask());
        Assert.Equal(2, await host.SubjectKeys!.RewrapAsync());
        await host.Keyring.DisableAsync(1);
        Assert.Equal(Contexts.Bytes(5000), host.Cipher.Decrypt(moved, context));
    }

    [Fact]
    public async Task Rewrap_needs_only_the_header_bytes()
    {
        using var host = new KeyHost();
        var envelope = host.Cipher.Encrypt(Contexts.Bytes(1 << 20), Contexts.Note());
        await host.RotateAsync();
        var headerLength = EnvelopeInfo.Read(envelope).HeaderLength;

        var rewrap = await host.Cipher.RewrapAsync(envelope.AsMemory(0, headerLength));
        Assert.Equal(headerLength, rewrap.ReplacedHeaderLength);
        Assert.Equal(Contexts.Bytes(1 << 20), host.Cipher.Decrypt(rewrap.Apply(envelope), Contexts.Note()));
    }

    [Fact]
    public async Task An_envelope_already_on_the_primary_is_left_alone()
    {
        using var host = new KeyHost();
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note());
        var rewrap = await host.Cipher.RewrapAsync(envelope);
        Assert.False(rewrap.Changed);
        Assert.Equal(envelope, rewrap.Apply(envelope));
        Assert.Equal(0, host.Provider.Unwraps);
    }

    [Fact]
    public async Task Rewrap_refuses_a_header_whose_wrapped_key_does_not_match_its_commitment()
    {
        using var host = new KeyHost();
        var a = host.Cipher.Encrypt("a"u8, Contexts.Note());
        var b = host.Cipher.Encrypt("b"u8, Contexts.Note());
        await host.RotateAsync();
        var layout = EnvelopeLayout.Read(a, requireBody: true);
        b.AsSpan(layout.WrappedKeyOffset, layout.WrappedKeyLength).CopyTo(a.AsSpan(layout.WrappedKeyOffset));
        Assert.Equal("TH2006", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.RewrapAsync(a).AsTask())).Code);
    }

    [Fact]
    public async Task Census_and_a_resumable_job_move_every_record_off_the_old_version()
    {
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory);
        var store = new MemoryEnvelopeStore();
        for (var i = 0; i < 250; i++)
        {
            store.Put($"record-{i:D4}", host.Cipher.Encrypt(Contexts.Bytes(i * 10, i), Contexts.Note($"r{i}")));
        }

        store.Put("record-9999", [1, 2, 3]);
        await host.RotateAsync();
        var census = await KeyVersionCensus.TakeAsync(store);
        Assert.Equal(250, census.RecordsOn("default", 1));
        Assert.Equal(0, census.RecordsOn("default", 2));
        Assert.Equal(1, census.Unreadable);

        // The first run is interrupted after 120 records; the second resumes from the last checkpoint.
        using var stop = new CancellationTokenSource();
        store.BeforeRead = (key, _) =>
        {
            if (key == "record-0120")
            {
                stop.Cancel();
            }

            return ValueTask.CompletedTask;
        };
        var checkpoint = directory.Combine("rewrap.checkpoint");
        var job = new KeyRewrapJob(host.Cipher, store, checkpoint) { CheckpointInterval = 50 };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(stop.Token).AsTask());
        Assert.True(File.Exists(checkpoint));
        Assert.Contains("record-0099", await File.ReadAllTextAsync(checkpoint), StringComparison.Ordinal);

        store.BeforeRead = null;
        var result = await job.RunAsync();
        Assert.True(result.Resumed);
        Assert.Equal(151, result.Scanned);
        // The first run stopped at record-0120: the records after its last checkpoint (0100 to 0119) are scanned again.
        Assert.Equal(130, result.Rewrapped);
        Assert.Equal(20, result.AlreadyCurrent);
        Assert.Equal(1, result.Failed);
        Assert.False(File.Exists(checkpoint));

        census = await KeyVersionCensus.TakeAsync(store);
        Assert.Equal(0, census.RecordsOn("default", 1));
        Assert.Equal(250, census.RecordsOn("default", 2));

        await host.Keyring.SetMinimumDecryptionVersionAsync(2);
        await host.Keyring.DisableAsync(1);
        await host.Keyring.DestroyAsync(1);
        for (var i = 0; i < 250; i++)
        {
            Assert.Equal(Contexts.Bytes(i * 10, i), host.Cipher.Decrypt(store.Get($"record-{i:D4}"), Contexts.Note($"r{i}")));
        }
    }

    [Fact]
    public async Task A_damaged_checkpoint_is_refused_with_TH2045()
    {
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory);
        await File.WriteAllTextAsync(directory.Combine("rewrap.checkpoint"), "{not json");
        var job = new KeyRewrapJob(host.Cipher, new MemoryEnvelopeStore(), directory.Combine("rewrap.checkpoint"));
        Assert.Equal("TH2045", (await Assert.ThrowsAsync<CryptoException>(() => job.RunAsync().AsTask())).Code);
    }

    [Fact]
    public async Task Rotation_under_load_four_threads_keep_working_while_keys_rotate_and_a_rewrap_job_runs()
    {
        const int MinimumPerWorker = 400;
        const int PerWorkerBetweenRotations = 150;
        const int Rotations = 3;
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory, cipher: o => o.DataKeyCaching.Enabled = true);
        var store = new MemoryEnvelopeStore();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var written = new int[4];
        var rotationsDone = 0;
        using var stop = new CancellationTokenSource();

        // The workers keep going until the rotations are over and each has written its minimum, and none
        // runs more than a bounded number of records ahead of the rotations, so the overlap of load and
        // rotation (and the size of the test) does not depend on how fast this machine is.
        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested || i < MinimumPerWorker; i++)
            {
                while (!stop.IsCancellationRequested && i >= (Volatile.Read(ref rotationsDone) + 1) * PerWorkerBetweenRotations)
                {
                    await Task.Delay(1);
                }

                try
                {
                    var key = $"w{worker}-{i:D6}";
                    var context = Contexts.Note(key);
                    var plaintext = Contexts.Bytes(200, worker * 100_000 + i);
                    var envelope = i % 2 == 0 ? host.Cipher.Encrypt(plaintext, context) : await host.Cipher.EncryptAsync(plaintext, context);
                    store.Put(key, envelope);
                    Volatile.Write(ref written[worker], i + 1);
                    Assert.Equal(plaintext, host.Cipher.Decrypt(store.Get(key), context));
                    if (i >= 10)
                    {
                        var earlier = $"w{worker}-{i - 10:D6}";
                        Assert.Equal(Contexts.Bytes(200, worker * 100_000 + i - 10), await host.Cipher.DecryptAsync(store.Get(earlier), Contexts.Note(earlier)));
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                    return;
                }
            }
        })).ToList();

        for (var rotation = 0; rotation < Rotations; rotation++)
        {
            // Each rotation starts only once every worker has written more since the last one.
            var before = Enumerable.Range(0, 4).Select(w => Volatile.Read(ref written[w])).ToArray();
            while (Enumerable.Range(0, 4).Any(w => Volatile.Read(ref written[w]) <= before[w]) && failures.IsEmpty && workers.All(t => !t.IsCompleted))
            {
                await Task.Delay(1);
            }

            await host.RotateAsync();
            await new KeyRewrapJob(host.Cipher, store, directory.Combine($"job-{rotation}")).RunAsync();
            Interlocked.Increment(ref rotationsDone);
        }

        var rotatedWhileRunning = workers.All(t => !t.IsCompleted);
        stop.Cancel();
        await Task.WhenAll(workers);
        Assert.Empty(failures);
        Assert.True(rotatedWhileRunning, "a worker stopped before the rotations were over");

        // Records written just before the last promotion may still be on the previous version; one more
        // pass after the load stops moves them, and then nothing is left on any retired version.
        await new KeyRewrapJob(host.Cipher, store, directory.Combine("job-final")).RunAsync();
        var primary = host.Keyring.Current.FindPrimary()!.Version;
        Assert.True(primary > Rotations, $"primary is version {primary} after {Rotations} rotations");
        var census = await KeyVersionCensus.TakeAsync(store);
        Assert.Equal(written.Sum(), census.RecordsOn("default", primary));
        Assert.Single(census.Versions);
        for (var version = 1; version < primary; version++)
        {
            await host.Keyring.DisableAsync(version);
        }

        Assert.Equal(Contexts.Bytes(200, 5), host.Cipher.Decrypt(store.Get("w0-000005"), Contexts.Note("w0-000005")));
    }
}
