using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Audit.Tests.Retention;

/// <summary>
/// Archived entries leave the live store only after every bundle is checked again and the prune is
/// recorded and signed; the tree's tiles stay, so proofs, consistency and verification go on.
/// </summary>
public sealed class PruneTests : IDisposable
{
    private const int Entries = 1200;
    private readonly TempDirectory _dir = new();
    private readonly TempDirectory _archive = new();
    private readonly CheckpointSigningKey _key = CheckpointSigningKey.Generate(DamageFixture.Origin);
    private readonly FakeTimeProvider _time = new(TestRecords.Epoch);
    private readonly AuditActor _officer = new("svc-retention", AuditActorType.Service);

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
        _archive.Dispose();
    }

    [Fact]
    public async Task Archived_segments_are_pruned_and_proofs_consistency_and_verification_go_on()
    {
        SignedCheckpoint before;
        AuditPruneMark mark;
        await using (var host = await BuildArchivedAsync())
        {
            var log = host.GetRequiredService<AuditLog>();
            var store = host.GetRequiredService<IAuditStore>();
            before = await log.CheckpointAsync();
            var segmentsBefore = DamageFixture.Segments(_dir.Path);

            mark = (await host.GetRequiredService<AuditArchiver>().PruneArchivedAsync(_archive.Path, _officer))!;
            Assert.NotNull(mark);
            Assert.Contains(segmentsBefore, s => s.FirstSequence == mark.FirstRetained);
            Assert.True(mark.FirstRetained > 0 && mark.FirstRetained <= Entries);
            Assert.All(DamageFixture.Segments(_dir.Path), s => Assert.True(s.FirstSequence >= mark.FirstRetained));
            Assert.Equal(mark, await store.GetPruneMarkAsync());

            var pruned = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.ReadAsync(0).FirstAsync());
            Assert.Equal(AuditErrorCodes.EntriesPruned, pruned.Code);

            // Proofs for kept entries and for pruned ones (their leaves are in the tiles) still verify.
            var after = await log.CheckpointAsync();
            var consistency = await log.GetConsistencyProofAsync(before.Checkpoint.TreeSize, after.Checkpoint.TreeSize);
            Assert.True(consistency.Verify(before.Checkpoint.RootHash.Span, after.Checkpoint.RootHash.Span));
            var kept = await store.ReadAsync(mark.FirstRetained + 3).FirstAsync();
            var inclusion = await log.GetInclusionProofAsync(kept.Position, after.Checkpoint.TreeSize);
            Assert.True(inclusion.Verify(kept.StoredLeafHash.Span, after.Checkpoint.RootHash.Span));

            var record = AuditEntry.Decode((await store.ReadAsync(mark.AuthorizingSequence).FirstAsync()).Data.Span).Record;
            Assert.Equal(AuditArchiver.PrunedAction, record.Action);
            Assert.Equal(_officer, record.Actor);

            var page = await log.QueryAsync(new AuditQuery { StartSequence = 0, PageSize = 5 }, _officer);
            Assert.Equal(mark.FirstRetained, page.Entries[0].Sequence);
        }

        await using (var reopened = Host())
        {
            var log = reopened.GetRequiredService<AuditLog>();
            await log.AppendAsync(TestRecords.Read(5000));
            await log.CheckpointAsync();
        }

        var result = await AuditVerifier.VerifyDirectoryAsync(_dir.Path, [_key.VerifierKey]);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(mark.FirstRetained, result.FirstRetained);
        Assert.Contains("pruned", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_changed_bundle_refuses_the_prune_naming_it_and_nothing_is_removed_or_recorded()
    {
        await using var host = await BuildArchivedAsync();
        var store = host.GetRequiredService<IAuditStore>();
        var bundles = Directory.GetFiles(_archive.Path, "*.jsonl").Order().ToList();
        File.Delete(bundles[0]);
        var changed = await File.ReadAllBytesAsync(bundles[1]);
        changed[^5] ^= 1;
        await File.WriteAllBytesAsync(bundles[1], changed);
        var segments = DamageFixture.Snapshot(_dir.Path).Keys.Where(k => k.StartsWith("segment-", StringComparison.Ordinal)).ToList();
        var count = await store.GetCountAsync();

        var ex = await Assert.ThrowsAsync<AuditStoreException>(() => host.GetRequiredService<AuditArchiver>().PruneArchivedAsync(_archive.Path, _officer));
        Assert.Equal(AuditErrorCodes.PruneRefused, ex.Code);
        Assert.Contains(Path.GetFileName(bundles[0]) + " (entries", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(bundles[1]) + " does not match", ex.Message, StringComparison.Ordinal);
        Assert.Equal(segments, DamageFixture.Snapshot(_dir.Path).Keys.Where(k => k.StartsWith("segment-", StringComparison.Ordinal)).ToList());
        Assert.Equal(count, await store.GetCountAsync());
        Assert.Null(await store.GetPruneMarkAsync());
    }

    [Fact]
    public async Task Nothing_is_pruned_before_anything_is_archived()
    {
        await using var host = Host();
        var log = host.GetRequiredService<AuditLog>();
        for (var i = 0; i < 600; i++)
        {
            await log.AppendAsync(TestRecords.Read(i));
        }

        Assert.Null(await host.GetRequiredService<AuditArchiver>().PruneArchivedAsync(_archive.Path, _officer));
        Assert.Equal(0, DamageFixture.Segments(_dir.Path)[0].FirstSequence);
    }

    [Fact]
    public async Task The_store_refuses_a_prune_that_is_not_a_boundary_or_not_signed_naming_why()
    {
        await using var host = Host();
        var log = host.GetRequiredService<AuditLog>();
        for (var i = 0; i < 900; i++)
        {
            await log.AppendAsync(TestRecords.Read(i));
        }

        var store = host.GetRequiredService<IAuditStore>();
        var boundary = DamageFixture.Segments(_dir.Path)[1].FirstSequence;
        var notBoundary = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.PruneAsync(new AuditPruneMark(boundary + 1, 899)));
        Assert.Equal(AuditErrorCodes.PruneRefused, notBoundary.Code);
        Assert.Contains("does not start a segment", notBoundary.Message, StringComparison.Ordinal);
        Assert.Contains("signed checkpoint", notBoundary.Message, StringComparison.Ordinal);

        await log.CheckpointAsync();
        var unauthorized = await Assert.ThrowsAsync<AuditStoreException>(async () => await store.PruneAsync(new AuditPruneMark(boundary, boundary - 1)));
        Assert.Contains("authorizing record", unauthorized.Message, StringComparison.Ordinal);
        Assert.Equal(0, DamageFixture.Segments(_dir.Path)[0].FirstSequence);
    }

    [Fact]
    public async Task A_prune_interrupted_after_its_mark_is_finished_at_open_and_a_lost_mark_is_refused()
    {
        AuditPruneMark mark;
        string firstSegment;
        byte[] firstSegmentBytes;
        await using (var host = await BuildArchivedAsync())
        {
            firstSegment = DamageFixture.Segments(_dir.Path)[0].Path;
            firstSegmentBytes = await File.ReadAllBytesAsync(firstSegment);
            mark = (await host.GetRequiredService<AuditArchiver>().PruneArchivedAsync(_archive.Path, _officer))!;
        }

        // Put a pruned segment back, as if the process had stopped between the mark and the deletions.
        await File.WriteAllBytesAsync(firstSegment, firstSegmentBytes);
        await using (var store = FileAuditStore.Open(new FileAuditStoreOptions { Directory = _dir.Path, SegmentMaxBytes = DamageFixture.SegmentBytes }))
        {
            Assert.Equal(mark, await store.GetPruneMarkAsync());
        }

        Assert.False(File.Exists(firstSegment));

        File.Delete(Path.Combine(_dir.Path, PruneFile.FileName));
        var ex = DamageFixture.AssertOpenRefusesUnchanged(_dir.Path);
        Assert.Contains("were removed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(AuditVerificationFailure.Missing, (await AuditVerifier.VerifyDirectoryAsync(_dir.Path, [_key.VerifierKey])).Failure);
    }

    [Fact]
    public async Task A_prune_mark_that_no_signed_record_authorizes_is_reported()
    {
        AuditPruneMark mark;
        await using (var host = await BuildArchivedAsync())
        {
            mark = (await host.GetRequiredService<AuditArchiver>().PruneArchivedAsync(_archive.Path, _officer))!;
        }

        PruneFile.Write(_dir.Path, mark with { AuthorizingSequence = mark.AuthorizingSequence - 1 });
        var result = await AuditVerifier.VerifyDirectoryAsync(_dir.Path, [_key.VerifierKey]);
        Assert.Equal(AuditVerificationFailure.Missing, result.Failure);
        Assert.Contains("authorize", result.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Host()
    {
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_time);
        services.AddTelehealthAudit(o =>
            {
                o.Origin = DamageFixture.Origin;
                o.RetentionPeriod = TimeSpan.FromDays(1);
            })
            .UseStore(_ => FileAuditStore.Open(new FileAuditStoreOptions { Directory = _dir.Path, SegmentMaxBytes = DamageFixture.SegmentBytes }))
            .UseSigningKey(_key);
        return services.BuildServiceProvider();
    }

    /// <summary>A log of several segments whose first entries are archived in bundles of 300.</summary>
    private async Task<ServiceProvider> BuildArchivedAsync()
    {
        var host = Host();
        var log = host.GetRequiredService<AuditLog>();
        for (var i = 0; i < Entries; i++)
        {
            await log.AppendAsync(TestRecords.Read(i));
        }

        _time.SetUtcNow(TestRecords.Epoch + TimeSpan.FromDays(1) + TimeSpan.FromSeconds(900));
        var archives = await host.GetRequiredService<AuditArchiver>().ArchiveExpiredAsync(_archive.Path, _officer, maxEntriesPerBundle: 300);
        Assert.True(archives.Count >= 3);
        return host;
    }
}
