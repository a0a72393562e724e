using System.Buffers.Binary;
using Microsoft.Extensions.DependencyInjection;

namespace Telehealth.Audit.Tests.Storage;

/// <summary>
/// A forger rewrites a record, recomputes the hash chain after it, and removes the checkpoints that
/// covered it. Every other copy of signed state the store keeps (tiles, the checkpoint file) must
/// expose that; what rewrites all of them is caught only by a checkpoint pinned outside the store.
/// The log must never sign on top of history that contradicts what it signed before.
/// </summary>
public sealed class HistoryForgeryTests : IAsyncLifetime
{
    private DamageFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await DamageFixture.BuildAsync();

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void A_rewritten_record_in_the_last_segment_is_refused_at_open_even_with_its_checkpoints_removed()
    {
        using var copy = _fixture.Copy();
        var target = DamageFixture.Segments(copy.Path)[^1].FirstSequence + 3;
        Forge.Rewrite(copy.Path, target);
        Forge.KeepCheckpointsUpTo(copy.Path, target);

        var ex = DamageFixture.AssertOpenRefusesUnchanged(copy.Path);
        Assert.Equal(target, ex.Position);
        Assert.Contains("persisted tree", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_checkpoints_from_the_log_but_not_the_checkpoint_file_is_refused()
    {
        using var copy = _fixture.Copy();
        var target = _fixture.CheckpointSizes[0] + 10;
        Forge.Rewrite(copy.Path, target, withinSegment: true);
        Forge.KeepCheckpointsUpTo(copy.Path, target, alsoCheckpointFile: false);

        var ex = DamageFixture.AssertOpenRefusesUnchanged(copy.Path);
        Assert.Contains("checkpoints were removed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_rewritten_in_a_sealed_segment_opens_but_the_log_keeps_signing_the_true_tree_and_the_verifier_names_it()
    {
        using var copy = _fixture.Copy();
        var removed = SignedCheckpoint.Parse(CheckpointFiles.ReadLatest(_fixture.Path)!);
        var target = _fixture.CheckpointSizes[0] + 10;
        Assert.True(target < DamageFixture.Segments(copy.Path)[^1].FirstSequence);
        Forge.Rewrite(copy.Path, target, withinSegment: true);
        Forge.KeepCheckpointsUpTo(copy.Path, target);

        await using (var host = DamageFixture.Host(copy.Path, _fixture.Key))
        {
            var log = host.GetRequiredService<AuditLog>();
            await log.AppendAsync(TestRecords.Read(7000));
            var signed = await log.CheckpointAsync();

            // The new checkpoint extends the tree the removed one signed, not the forged entries.
            var proof = await log.GetConsistencyProofAsync(removed.Checkpoint.TreeSize, signed.Checkpoint.TreeSize);
            Assert.True(proof.Verify(removed.Checkpoint.RootHash.Span, signed.Checkpoint.RootHash.Span));
        }

        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.False(result.IsValid);
        Assert.Equal(AuditVerificationFailure.TileMismatch, result.Failure);
        Assert.Equal(target - (target % TlogTiles.Width), result.Position);
    }

    [Fact]
    public async Task A_forger_who_rewrites_every_copy_is_caught_by_a_pinned_checkpoint()
    {
        using var copy = _fixture.Copy();
        var pinned = SignedCheckpoint.Parse(CheckpointFiles.ReadLatest(_fixture.Path)!);
        var target = _fixture.CheckpointSizes[0] + 10;
        Forge.Rewrite(copy.Path, target);
        Forge.KeepCheckpointsUpTo(copy.Path, target);
        Directory.Delete(Path.Combine(copy.Path, "tile"), recursive: true);
        File.Delete(Path.Combine(copy.Path, HeadFile.FileName));

        // The store rebuilds its tree from the forged entries; the surviving checkpoint still matches.
        await using (var store = FileAuditStore.Open(new FileAuditStoreOptions { Directory = copy.Path, SegmentMaxBytes = DamageFixture.SegmentBytes }))
        {
            Assert.Equal(_fixture.Count, await store.GetCountAsync());
        }

        var unpinned = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.True(unpinned.IsValid, unpinned.Message);
        Assert.Equal(_fixture.Count - _fixture.CheckpointSizes[0], unpinned.UnsealedEntries);

        var options = new AuditVerificationOptions();
        options.TrustedKeys.Add(_fixture.Key.VerifierKey);
        options.PinnedCheckpoints.Add(pinned);
        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, options);
        Assert.Equal(AuditVerificationFailure.InconsistentWithPinnedCheckpoint, result.Failure);
        Assert.Equal(pinned.Checkpoint.TreeSize, result.Position);
    }

    [Fact]
    public async Task A_newest_checkpoint_not_signed_by_a_trusted_key_stops_appends_and_raises_an_alert()
    {
        using var copy = _fixture.Copy();
        using var stranger = CheckpointSigningKey.Generate(DamageFixture.Origin);
        var leaves = DamageFixture.Segments(copy.Path).SelectMany(s => TestLog.Frames(s.Path).Frames).Select(f => f[^32..]).ToList();
        var forged = SignedCheckpoint.Sign(new Checkpoint(DamageFixture.Origin, _fixture.Count, MerkleProofs.RootOf(leaves), TestRecords.Epoch), stranger);
        CheckpointFiles.Append(copy.Path, forged.Note);
        CheckpointFiles.WriteLatest(copy.Path, forged.Note);

        var alerts = new CollectingAlertSink();
        await using var host = DamageFixture.Host(copy.Path, _fixture.Key, alerts);
        var log = host.GetRequiredService<AuditLog>();
        await log.StartAsync();
        var ex = await Assert.ThrowsAsync<AuditStoreException>(async () => await log.AppendAsync(TestRecords.Read(1)));
        Assert.Equal(AuditErrorCodes.HistoryMismatch, ex.Code);
        await Assert.ThrowsAsync<AuditStoreException>(async () => await log.CheckpointAsync());
        var alert = Assert.Single(alerts.Alerts, a => a.RuleName == AuditLog.IntegrityAlertRule);
        Assert.Equal(AuditAlertSeverity.Critical, alert.Severity);
        Assert.Contains("not signed by a trusted key", alert.Message, StringComparison.Ordinal);
        Assert.Equal(_fixture.Count, await host.GetRequiredService<IAuditStore>().GetCountAsync());
    }

    [Fact]
    public async Task A_log_started_with_another_origin_refuses_to_sign_on_top()
    {
        using var copy = _fixture.Copy();
        var services = new ServiceCollection();
        services.AddTelehealthAudit(o => o.Origin = "another.example/audit")
            .UseStore(_ => FileAuditStore.Open(new FileAuditStoreOptions { Directory = copy.Path, SegmentMaxBytes = DamageFixture.SegmentBytes }))
            .UseSigningKey(_fixture.Key);
        await using var provider = services.BuildServiceProvider();
        var ex = await Assert.ThrowsAsync<AuditStoreException>(async () => await provider.GetRequiredService<IAuditLog>().AppendAsync(TestRecords.Read(1)));
        Assert.Equal(AuditErrorCodes.HistoryMismatch, ex.Code);
        Assert.Contains("origin", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Rewrites stored records the way a forger with write access would.</summary>
    internal static class Forge
    {
        /// <summary>
        /// Changes one character of record <paramref name="sequence"/>'s resource id and recomputes
        /// every hash after it, to the end of the log or only to the end of its segment.
        /// </summary>
        public static void Rewrite(string directory, long sequence, bool withinSegment = false)
        {
            var previous = new byte[32];
            var segments = DamageFixture.Segments(directory);
            foreach (var (first, path) in segments)
            {
                if (withinSegment && first > sequence)
                {
                    return;
                }

                var (header, frames) = TestLog.Frames(path);
                for (var i = 0; i < frames.Count; i++)
                {
                    var position = first + i;
                    var data = frames[i][4..^32];
                    if (position >= sequence)
                    {
                        var entry = AuditEntry.Decode(data);
                        var record = entry.Record;
                        if (position == sequence)
                        {
                            var id = record.Resource.Id!;
                            record = record with { Resource = record.Resource with { Id = id[..^1] + (id[^1] == '9' ? '8' : '9') } };
                        }

                        data = AuditEntryCodec.Encode(position, previous, record);
                        var frame = new byte[data.Length + 36];
                        BinaryPrimitives.WriteInt32BigEndian(frame, data.Length);
                        data.CopyTo(frame, 4);
                        MerkleHash.Leaf(data).CopyTo(frame, 4 + data.Length);
                        frames[i] = frame;
                    }

                    previous = MerkleHash.Leaf(data);
                }

                TestLog.WriteFrames(path, header, frames);
            }

            // The head's last hash must match the forged tail, or the forgery would be trivially visible.
            using var head = HeadFile.Open(directory);
            head.Write(FileSegmentReader.ListSegments(directory).Sum(s => TestLog.Frames(s.Path).Frames.Count), previous);
        }

        /// <summary>Drops every stored checkpoint that covers <paramref name="sequence"/>.</summary>
        public static void KeepCheckpointsUpTo(string directory, long sequence, bool alsoCheckpointFile = true)
        {
            var kept = CheckpointFiles.ReadAll(directory).Where(n => SignedCheckpoint.Parse(n).Checkpoint.TreeSize <= sequence).ToList();
            File.Delete(Path.Combine(directory, CheckpointFiles.LogFileName));
            foreach (var note in kept)
            {
                CheckpointFiles.Append(directory, note);
            }

            if (alsoCheckpointFile)
            {
                CheckpointFiles.WriteLatest(directory, kept[^1]);
            }
        }
    }
}
