using System.Buffers.Binary;
using Microsoft.Extensions.DependencyInjection;

namespace Telehealth.Audit.Tests.Storage;

/// <summary>
/// Opening decides before it repairs: only a final frame whose bytes end before the frame does, past
/// every signed checkpoint and everything acknowledged, is cut. Everything else refuses the open with
/// the damaged position and leaves every byte of every file as it was.
/// </summary>
public sealed class RecoveryDecisionTests : IAsyncLifetime
{
    private DamageFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await DamageFixture.BuildAsync();

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(25)]
    [InlineData(1)]
    [InlineData(0)]
    public void A_bad_length_field_before_the_end_refuses_the_open_and_cuts_nothing(int framesFromEnd)
    {
        using var copy = _fixture.Copy();
        var (first, path) = DamageFixture.Segments(copy.Path)[^1];
        var offsets = FrameOffsets(path);
        var target = offsets.Count - 1 - framesFromEnd;
        var bytes = File.ReadAllBytes(path);
        bytes[offsets[target]] ^= 0x40; // the top byte of the length: oversized
        File.WriteAllBytes(path, bytes);

        var ex = DamageFixture.AssertOpenRefusesUnchanged(copy.Path);
        Assert.Equal(first + target, ex.Position);
        Assert.Equal(Path.GetFileName(path), ex.FileName);
    }

    [Fact]
    public void A_zero_length_field_in_the_middle_refuses_the_open()
    {
        using var copy = _fixture.Copy();
        var (first, path) = DamageFixture.Segments(copy.Path)[^1];
        var offsets = FrameOffsets(path);
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan((int)offsets[10]), 0);
        File.WriteAllBytes(path, bytes);

        Assert.Equal(first + 10, DamageFixture.AssertOpenRefusesUnchanged(copy.Path).Position);
    }

    [Fact]
    public void A_complete_final_frame_that_does_not_verify_is_damage_not_a_torn_write()
    {
        using var copy = _fixture.Copy();
        var (first, path) = DamageFixture.Segments(copy.Path)[^1];
        var offsets = FrameOffsets(path);
        var bytes = File.ReadAllBytes(path);
        bytes[offsets[^1] + 60] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        Assert.Equal(first + offsets.Count - 1, DamageFixture.AssertOpenRefusesUnchanged(copy.Path).Position);
    }

    [Fact]
    public void A_cut_inside_acknowledged_entries_refuses_the_open_although_it_looks_torn()
    {
        using var copy = _fixture.Copy();
        var (_, path) = DamageFixture.Segments(copy.Path)[^1];
        var offsets = FrameOffsets(path);
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(offsets[^3] + 10);
        }

        var ex = DamageFixture.AssertOpenRefusesUnchanged(copy.Path);
        Assert.Contains("acknowledged", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_below_a_signed_checkpoint_refuses_the_open_and_deletes_nothing()
    {
        using var copy = _fixture.Copy();
        File.Delete(Path.Combine(copy.Path, HeadFile.FileName)); // only the checkpoint stands in the way
        var checkpointed = _fixture.CheckpointSizes[^1];
        var (first, path) = DamageFixture.Segments(copy.Path)[^1];
        var offsets = FrameOffsets(path);
        var inside = (int)(checkpointed - 5 - first);
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(offsets[inside] + 7);
        }

        var ex = DamageFixture.AssertOpenRefusesUnchanged(copy.Path);
        Assert.Contains($"covers {checkpointed} entries", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_torn_last_batch_is_cut_and_nothing_acknowledged_is_lost()
    {
        var random = new Random(7281);
        for (var round = 0; round < 12; round++)
        {
            using var copy = _fixture.Copy();
            var (first, path) = DamageFixture.Segments(copy.Path)[^1];
            var offsets = FrameOffsets(path);
            var length = new FileInfo(path).Length;

            // The last batch (10 entries) was being written when the machine stopped: the head
            // still names the entry before it, and the file ends at a random byte inside it.
            const int Batch = 10;
            var acknowledged = first + offsets.Count - Batch;
            var hashes = TestLog.Frames(path).Frames;
            var lastAcknowledged = hashes[offsets.Count - Batch - 1][^32..];
            RewriteHead(copy.Path, acknowledged, lastAcknowledged);
            var cut = random.NextInt64(offsets[^Batch] + 1, length);
            using (var file = new FileStream(path, FileMode.Open))
            {
                file.SetLength(cut);
            }

            var completeFrames = 0;
            while (completeFrames < offsets.Count && (completeFrames + 1 < offsets.Count ? offsets[completeFrames + 1] : length) <= cut)
            {
                completeFrames++;
            }

            await using (var store = FileAuditStore.Open(new FileAuditStoreOptions { Directory = copy.Path, SegmentMaxBytes = DamageFixture.SegmentBytes }))
            {
                var count = await store.GetCountAsync();
                Assert.True(count >= acknowledged, $"cut at {cut}: {count} entries, {acknowledged} acknowledged");
                Assert.Equal(first + completeFrames, count);
                Assert.Equal(count, (await store.AppendAsync(TestRecords.Read(5000))).Sequence);
            }

            var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
            Assert.True(result.IsValid, result.Message);
        }
    }

    [Fact]
    public async Task A_torn_checkpoint_frame_is_cut_on_bytes_and_the_log_goes_on()
    {
        using var copy = _fixture.Copy();
        var path = Path.Combine(copy.Path, CheckpointFiles.LogFileName);
        var intact = new FileInfo(path).Length;
        await File.AppendAllBytesAsync(path, [0x00, 0x00, 0x01, 0x00, 0xE2, 0x80]); // a frame of 256 bytes, two written
        await using (var host = DamageFixture.Host(copy.Path, _fixture.Key))
        {
            var log = host.GetRequiredService<AuditLog>();
            Assert.Equal(intact, new FileInfo(path).Length);
            await log.AppendAsync(TestRecords.Read(9000));
            await log.CheckpointAsync();
        }

        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void Invalid_utf8_in_the_newest_stored_checkpoint_refuses_the_open_and_the_file_keeps_its_length()
    {
        using var copy = _fixture.Copy();
        var path = Path.Combine(copy.Path, CheckpointFiles.LogFileName);
        var bytes = File.ReadAllBytes(path);
        bytes[FrameOffsets(bytes)[^1] + 4] = 0xFF; // the first byte of the newest note's origin
        File.WriteAllBytes(path, bytes);

        var ex = DamageFixture.AssertOpenRefusesUnchanged(copy.Path);
        Assert.Equal(CheckpointFiles.LogFileName, ex.FileName);
        Assert.Equal(bytes.Length, new FileInfo(path).Length);
    }

    [Fact]
    public async Task Damage_to_an_older_stored_checkpoint_is_left_to_the_verifier_and_no_byte_changes()
    {
        // Opening reads only the newest frame of checkpoints.log (it matches the checkpoint file), so its
        // cost does not grow with the number of checkpoints; the verifier reads them all.
        using var copy = _fixture.Copy();
        var path = Path.Combine(copy.Path, CheckpointFiles.LogFileName);
        var bytes = File.ReadAllBytes(path);
        Assert.True(FrameOffsets(bytes).Count > 1);
        bytes[4] = 0xFF; // the first byte of the oldest note's origin
        File.WriteAllBytes(path, bytes);

        await using (var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = copy.Path, SegmentMaxBytes = DamageFixture.SegmentBytes }))
        {
            Assert.True(await store.GetCountAsync() > 0);
        }

        Assert.Equal(bytes, File.ReadAllBytes(path));
        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task A_checkpoint_file_left_behind_by_a_crash_is_refreshed_from_the_whole_checkpoint_log()
    {
        // Stored in this order: checkpoints.log, then checkpoint. A crash between the two leaves the
        // file one behind; its note is then not the log's last frame, and the log is read in full.
        using var copy = _fixture.Copy();
        var notes = CheckpointFiles.ReadAll(copy.Path);
        Assert.True(notes.Count > 1);
        File.WriteAllText(Path.Combine(copy.Path, CheckpointFiles.LatestFileName), notes[^2]);

        await using (var store = await FileAuditStore.OpenAsync(new FileAuditStoreOptions { Directory = copy.Path, SegmentMaxBytes = DamageFixture.SegmentBytes }))
        {
            Assert.Equal(notes[^1], await store.ReadLatestCheckpointAsync());
        }

        Assert.Equal(notes[^1], File.ReadAllText(Path.Combine(copy.Path, CheckpointFiles.LatestFileName)));
    }

    /// <summary>The offsets of the frames of a <c>checkpoints.log</c>.</summary>
    private static List<int> FrameOffsets(byte[] log)
    {
        var offsets = new List<int>();
        for (var offset = 0; offset < log.Length; offset += 4 + System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(log.AsSpan(offset)))
        {
            offsets.Add(offset);
        }

        return offsets;
    }

    [Fact]
    public async Task A_deleted_checkpoint_log_is_refused_at_open_and_reported_by_the_verifier()
    {
        using var copy = _fixture.Copy();
        File.Delete(Path.Combine(copy.Path, CheckpointFiles.LogFileName));

        var ex = DamageFixture.AssertOpenRefusesUnchanged(copy.Path);
        Assert.Contains("checkpoints.log is missing", ex.Message, StringComparison.Ordinal);
        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.Equal(AuditVerificationFailure.CheckpointMissing, result.Failure);
    }

    [Fact]
    public async Task Deleting_both_copies_of_signed_state_is_still_reported_by_the_verifier()
    {
        using var copy = _fixture.Copy();
        File.Delete(Path.Combine(copy.Path, CheckpointFiles.LogFileName));
        File.Delete(Path.Combine(copy.Path, CheckpointFiles.LatestFileName));

        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.Equal(AuditVerificationFailure.CheckpointMissing, result.Failure);
    }

    [Fact]
    public async Task Missing_tiles_at_the_edge_after_a_crash_are_rebuilt_and_verify()
    {
        using var copy = _fixture.Copy();
        var tiles = new FileTiles(copy.Path);
        var last = TlogTiles.FullTiles(0, _fixture.Count) - 1;
        File.Delete(tiles.PathOf(0, last, TlogTiles.Width));
        await using (var store = FileAuditStore.Open(new FileAuditStoreOptions { Directory = copy.Path, SegmentMaxBytes = DamageFixture.SegmentBytes }))
        {
            Assert.Equal(_fixture.Count, await store.GetCountAsync());
        }

        Assert.True(File.Exists(tiles.PathOf(0, last, TlogTiles.Width)));
        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.True(result.IsValid, result.Message);
    }

    [Fact]
    public void A_tile_past_the_end_means_entries_were_removed()
    {
        using var copy = _fixture.Copy();
        var segments = DamageFixture.Segments(copy.Path);
        File.Delete(segments[^1].Path);
        File.Delete(Path.Combine(copy.Path, HeadFile.FileName));
        File.Delete(Path.Combine(copy.Path, CheckpointFiles.LogFileName));
        File.Delete(Path.Combine(copy.Path, CheckpointFiles.LatestFileName));

        var ex = DamageFixture.AssertOpenRefusesUnchanged(copy.Path);
        Assert.Contains("past the end of the log", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_from_before_tiles_gets_its_tiles_on_first_open()
    {
        using var copy = _fixture.Copy();
        Directory.Delete(Path.Combine(copy.Path, "tile"), recursive: true);
        File.Delete(Path.Combine(copy.Path, HeadFile.FileName));
        File.Delete(Path.Combine(copy.Path, CheckpointFiles.LatestFileName));
        await using (var host = DamageFixture.Host(copy.Path, _fixture.Key))
        {
            var log = host.GetRequiredService<AuditLog>();
            await log.StartAsync();
            var checkpoint = await log.CheckpointAsync();
            var proof = await log.GetInclusionProofAsync(17, checkpoint.Checkpoint.TreeSize);
            var leaf = await host.GetRequiredService<IAuditStore>().ReadAsync(17).FirstAsync();
            Assert.True(proof.Verify(leaf.StoredLeafHash.Span, checkpoint.Checkpoint.RootHash.Span));
        }

        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.True(result.IsValid, result.Message);
        Assert.True(File.Exists(Path.Combine(copy.Path, CheckpointFiles.LatestFileName)));
    }

    /// <summary>The byte offset of every frame of a segment, in order.</summary>
    internal static List<long> FrameOffsets(string segment)
    {
        var bytes = File.ReadAllBytes(segment);
        var offsets = new List<long>();
        var offset = FileSegmentFormat.HeaderSize;
        while (offset + 4 <= bytes.Length)
        {
            offsets.Add(offset);
            offset += FileSegmentFormat.FrameOverhead + BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
        }

        return offsets;
    }

    private static void RewriteHead(string directory, long count, byte[] lastHash)
    {
        using var head = HeadFile.Open(directory);
        head.Write(count, lastHash);
    }
}
