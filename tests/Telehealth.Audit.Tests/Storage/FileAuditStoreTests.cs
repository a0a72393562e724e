namespace Telehealth.Audit.Tests.Storage;

public sealed class FileAuditStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Appended_entries_are_chained_and_survive_reopening()
    {
        var results = await TestLog.WriteAsync(_dir.Path, 25);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), results.Select(r => r.Sequence));

        await using var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path });
        Assert.Equal(25, await store.GetCountAsync());
        var previous = new byte[32];
        var i = 0;
        await foreach (var stored in store.ReadAsync(0))
        {
            var entry = AuditEntry.Decode(stored.Data.Span);
            Assert.Equal(i, entry.Sequence);
            Assert.Equal(previous, entry.PreviousHash.ToArray());
            Assert.Equal(results[i].LeafHash.ToArray(), entry.LeafHash.ToArray());
            Assert.Equal("r-" + i, entry.Record.Resource.Id);
            previous = entry.LeafHash.ToArray();
            i++;
        }

        Assert.Equal(25, i);
        var appended = await store.AppendAsync(TestRecords.Read(25));
        Assert.Equal(25, appended.Sequence);
        Assert.Equal(previous, AuditEntry.Decode((await ReadOneAsync(store, 25)).Data.Span).PreviousHash.ToArray());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Directories_and_files_the_store_creates_are_owner_only()
    {
        const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var nested = _dir.Combine(Path.Combine("var", "audit"));
        await using (var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = nested }))
        {
            await store.AppendAsync(TestRecords.Read(0));
        }

        Assert.Equal(OwnerReadWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(nested));

        await using (var host = new AuditHost(_dir))
        {
            for (var i = 0; i < 3; i++)
            {
                await host.Log.AppendAsync(TestRecords.Read(i));
            }
        }

        var files = Directory.GetFiles(_dir.Path);
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("checkpoint", StringComparison.Ordinal));
        Assert.True(files.Length >= 4, string.Join(", ", files.Select(Path.GetFileName)));
        Assert.All(files.Concat(Directory.GetFiles(nested)), file => Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(file)));
    }

    [Fact]
    public async Task Reading_from_the_middle_starts_at_that_sequence()
    {
        await TestLog.WriteAsync(_dir.Path, 10);
        await using var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path });
        var sequences = new List<long>();
        await foreach (var stored in store.ReadAsync(7))
        {
            sequences.Add(AuditEntry.Decode(stored.Data.Span).Sequence);
        }

        Assert.Equal([7, 8, 9], sequences);
    }

    [Fact]
    public async Task A_second_opener_gets_a_clear_error()
    {
        await using var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path });
        var ex = await Assert.ThrowsAsync<AuditStoreException>(() => FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path }));
        Assert.Equal("TH1020", ex.Code);
    }

    [Fact]
    public async Task The_lock_is_released_on_dispose()
    {
        var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path });
        await store.DisposeAsync();
        await using var again = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path });
        Assert.Equal(0, await again.GetCountAsync());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(40)]
    [InlineData(100)]
    public async Task A_torn_final_write_is_cut_back_and_appending_continues(int tornBytes)
    {
        var results = await TestLog.WriteAsync(_dir.Path, 10);
        var path = TestLog.SegmentPath(_dir.Path);
        var intactLength = new FileInfo(path).Length;
        var partial = TestLog.Frames(path).Frames[3][..Math.Min(tornBytes, 100)];
        await File.AppendAllBytesAsync(path, partial);

        await using (var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path }))
        {
            Assert.Equal(10, await store.GetCountAsync());
            Assert.Equal(intactLength, new FileInfo(path).Length);
            var next = await store.AppendAsync(TestRecords.Read(10));
            Assert.Equal(10, next.Sequence);
        }

        var result = await AuditVerifier.VerifyDirectoryAsync(_dir.Path, []);
        TestLog.AssertIntactButUnsigned(result, 11);
        Assert.Equal(results[9].LeafHash.ToArray(), AuditEntry.Decode(TestLog.Frames(path).Frames[10].AsSpan(4, TestLog.Frames(path).Frames[10].Length - 36)).PreviousHash.ToArray());
    }

    [Fact]
    public async Task Damage_before_the_tail_is_refused_not_repaired()
    {
        await TestLog.WriteAsync(_dir.Path, 10);
        var path = TestLog.SegmentPath(_dir.Path);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[FileSegmentFormat.HeaderSize + 60] ^= 0x40;
        await File.WriteAllBytesAsync(path, bytes);

        var ex = await Assert.ThrowsAsync<AuditStoreException>(() => FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path }));
        Assert.Equal("TH1021", ex.Code);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task A_store_whose_checkpointed_entries_are_gone_is_refused()
    {
        using var key = CheckpointSigningKey.Generate("test");
        await TestLog.WriteAsync(_dir.Path, 10, key);
        var path = TestLog.SegmentPath(_dir.Path);
        var (header, frames) = TestLog.Frames(path);
        var damaged = frames[9].ToArray();
        damaged[20] ^= 1;
        TestLog.WriteFrames(path, header, [.. frames.Take(9), damaged]);

        var ex = await Assert.ThrowsAsync<AuditStoreException>(() => FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path }));
        Assert.Equal("TH1021", ex.Code);
    }

    [Fact]
    public async Task Segments_roll_over_on_tile_boundaries_and_read_back_in_order()
    {
        var options = new FileAuditStoreOptions { Directory = _dir.Path, SegmentMaxBytes = 64 * 1024 };
        await using (var store = await FileAuditStore.OpenAsync(options))
        {
            for (var i = 0; i < 2000; i++)
            {
                await store.AppendAsync(TestRecords.Read(i));
            }
        }

        var segments = Directory.GetFiles(_dir.Path, "segment-*.log").Select(Path.GetFileName).ToList();
        Assert.True(segments.Count > 2);
        Assert.All(segments, name => Assert.Equal(0, long.Parse(name!.AsSpan(8, 20), System.Globalization.CultureInfo.InvariantCulture) % 256));
        await using (var reopened = await FileAuditStore.OpenAsync(options))
        {
            Assert.Equal(2000, await reopened.GetCountAsync());
            var count = 0;
            await foreach (var stored in reopened.ReadAsync(1000))
            {
                Assert.Equal(1000 + count, AuditEntry.Decode(stored.Data.Span).Sequence);
                count++;
            }

            Assert.Equal(1000, count);
        }

        var result = await AuditVerifier.VerifyDirectoryAsync(_dir.Path, []);
        TestLog.AssertIntactButUnsigned(result, 2000);
    }

    [Fact]
    public async Task Eight_concurrent_writers_of_ten_thousand_records_get_one_gap_free_verifiable_log()
    {
        const int Writers = 8;
        const int PerWriter = 10_000;
        var results = new AuditAppendResult[Writers][];
        await using (var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path }))
        {
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                results[w] = new AuditAppendResult[PerWriter];
                for (var i = 0; i < PerWriter; i++)
                {
                    results[w][i] = await store.AppendAsync(TestRecords.Read(i, "writer-" + w));
                }
            })));

            var all = results.SelectMany(r => r).OrderBy(r => r.Sequence).ToList();
            Assert.Equal(Enumerable.Range(0, Writers * PerWriter).Select(i => (long)i), all.Select(r => r.Sequence));
            var position = 0;
            await foreach (var stored in store.ReadAsync(0))
            {
                Assert.Equal(all[position].LeafHash.ToArray(), stored.StoredLeafHash.ToArray());
                position++;
            }

            Assert.Equal(Writers * PerWriter, position);
            using var key = CheckpointSigningKey.Generate("test");
            await TestLog.CheckpointAsync(store, key);
            var result = await AuditVerifier.VerifyAsync(store, [key.VerifierKey]);
            Assert.True(result.IsValid, result.Message);
            Assert.Equal(Writers * PerWriter, result.EntriesVerified);
        }
    }

    [Fact]
    public async Task Invalid_options_are_rejected_with_every_error()
    {
        var ex = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path, SegmentMaxBytes = 10, MaxBatchSize = 0 }));
        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("SegmentMaxBytes", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("MaxBatchSize", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Appending_after_dispose_fails()
    {
        var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = _dir.Path });
        await store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await store.AppendAsync(TestRecords.Read(0)));
    }

    private static async Task<AuditStoredEntry> ReadOneAsync(IAuditStore store, long sequence)
    {
        await foreach (var stored in store.ReadAsync(sequence))
        {
            return stored;
        }

        throw new InvalidOperationException("no entry");
    }
}
