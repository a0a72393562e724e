using Microsoft.Extensions.DependencyInjection;

namespace Telehealth.Audit.Tests.Storage;

/// <summary>
/// Single-bit flips in every region of every kind of file a store keeps, deleted and swapped
/// records and files. Each must be caught: opening refuses with every byte unchanged, or the log
/// refuses to build on it, or the verifier reports it; none may pass as a valid log.
/// </summary>
public sealed class HostileDamageTests : IAsyncLifetime
{
    private DamageFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await DamageFixture.BuildAsync(entries: 1100, checkpointsAfter: [300, 700, 1060], unsealed: 40);

    public Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string> FileKinds() => ["segment-header", "segment-frames", "last-segment", "checkpoints.log", "checkpoint", "head", "tile-0", "tile-1", "partial-tile"];

    [Theory]
    [MemberData(nameof(FileKinds))]
    public async Task Every_single_bit_flip_is_detected(string kind)
    {
        var (file, offsets) = Targets(kind);
        Assert.NotEmpty(offsets);
        foreach (var offset in offsets)
        {
            using var copy = _fixture.Copy();
            var path = Path.Combine(copy.Path, file);
            var bytes = File.ReadAllBytes(path);
            bytes[offset] ^= (byte)(1 << (int)(offset % 8));
            File.WriteAllBytes(path, bytes);
            var outcome = await JudgeAsync(copy.Path);
            Assert.True(outcome is not null, $"a flip at byte {offset} of {file} went unnoticed");
        }
    }

    [Fact]
    public async Task A_deleted_record_in_a_sealed_segment_is_reported_missing_at_its_position()
    {
        using var copy = _fixture.Copy();
        var (first, path) = DamageFixture.Segments(copy.Path)[1];
        var (header, frames) = TestLog.Frames(path);
        frames.RemoveAt(5);
        TestLog.WriteFrames(path, header, frames);

        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.Equal(AuditVerificationFailure.Missing, result.Failure);
        Assert.Equal(first + 5, result.Position);
    }

    [Fact]
    public async Task A_distant_swap_is_reported_reordered_with_both_positions()
    {
        using var copy = _fixture.Copy();
        var (first, path) = DamageFixture.Segments(copy.Path)[0];
        var (header, frames) = TestLog.Frames(path);
        (frames[10], frames[90]) = (frames[90], frames[10]);
        TestLog.WriteFrames(path, header, frames);

        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.Equal(AuditVerificationFailure.Reordered, result.Failure);
        Assert.Equal(first + 10, result.Position);
        Assert.Contains($"entry {first + 10} stands at position {first + 90}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_sealed_segment_is_reported_missing()
    {
        using var copy = _fixture.Copy();
        var segments = DamageFixture.Segments(copy.Path);
        File.Delete(segments[1].Path);

        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.Equal(AuditVerificationFailure.Missing, result.Failure);
        Assert.Equal(segments[1].FirstSequence, result.Position);
    }

    [Fact]
    public async Task Swapped_segment_files_are_detected()
    {
        using var copy = _fixture.Copy();
        var segments = DamageFixture.Segments(copy.Path);
        var temporary = segments[0].Path + ".swap";
        File.Move(segments[0].Path, temporary);
        File.Move(segments[1].Path, segments[0].Path);
        File.Move(temporary, segments[1].Path);

        Assert.NotNull(await JudgeAsync(copy.Path));
    }

    [Fact]
    public async Task Deleting_the_last_segment_is_refused_at_open()
    {
        using var copy = _fixture.Copy();
        File.Delete(DamageFixture.Segments(copy.Path)[^1].Path);

        DamageFixture.AssertOpenRefusesUnchanged(copy.Path);
        Assert.False((await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey])).IsValid);
    }

    [Fact]
    public async Task A_deleted_tile_of_an_older_region_is_reported_by_the_verifier()
    {
        using var copy = _fixture.Copy();
        File.Delete(new FileTiles(copy.Path).PathOf(0, 1, TlogTiles.Width));

        var result = await AuditVerifier.VerifyDirectoryAsync(copy.Path, [_fixture.Key.VerifierKey]);
        Assert.Equal(AuditVerificationFailure.TileMismatch, result.Failure);
        Assert.Equal(256, result.Position);
    }

    /// <summary>
    /// What catches the damage: the open's refusal (checked to change nothing), the log's refusal to
    /// build on the history, or the verifier. Null when nothing does.
    /// </summary>
    private async Task<string?> JudgeAsync(string directory)
    {
        var before = DamageFixture.Snapshot(directory);
        try
        {
            await using var store = FileAuditStore.Open(new FileAuditStoreOptions { Directory = directory, SegmentMaxBytes = DamageFixture.SegmentBytes });
        }
        catch (AuditStoreException ex) when (ex.Code == AuditErrorCodes.StoreDamaged)
        {
            Assert.Equal(before, DamageFixture.Snapshot(directory));
            return "open refused";
        }

        await using (var host = DamageFixture.Host(directory, _fixture.Key))
        {
            var log = host.GetRequiredService<AuditLog>();
            try
            {
                await log.StartAsync();
                await log.AppendAsync(TestRecords.Read(9999));
            }
            catch (AuditStoreException ex) when (ex.Code == AuditErrorCodes.HistoryMismatch)
            {
                return "log refused";
            }
        }

        var result = await AuditVerifier.VerifyDirectoryAsync(directory, [_fixture.Key.VerifierKey]);
        return result.IsValid ? null : "verifier: " + result.Failure;
    }

    /// <summary>The file and the byte offsets to flip for one kind of file: every region, sampled.</summary>
    private (string File, List<long> Offsets) Targets(string kind)
    {
        var segments = DamageFixture.Segments(_fixture.Path);
        var tiles = new FileTiles(_fixture.Path);
        var file = kind switch
        {
            "segment-header" or "segment-frames" => segments[1].Path,
            "last-segment" => segments[^1].Path,
            "checkpoints.log" => Path.Combine(_fixture.Path, CheckpointFiles.LogFileName),
            "checkpoint" => Path.Combine(_fixture.Path, CheckpointFiles.LatestFileName),
            "head" => Path.Combine(_fixture.Path, HeadFile.FileName),
            "tile-0" => tiles.PathOf(0, 1, TlogTiles.Width),
            "tile-1" => tiles.PathOf(1, 0, 4),
            "partial-tile" => tiles.PathOf(0, 700 / TlogTiles.Width, 700 % TlogTiles.Width),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var length = new FileInfo(file).Length;
        var offsets = kind switch
        {
            "segment-header" => Enumerable.Range(0, FileSegmentFormat.HeaderSize).Select(i => (long)i).ToList(),
            "segment-frames" or "last-segment" => FrameRegions(file),
            _ => Enumerable.Range(0, (int)length).Where(i => length <= 160 || i % (int)(length / 80) == 0 || i >= length - 4).Select(i => (long)i).ToList(),
        };
        return (Path.GetRelativePath(_fixture.Path, file), offsets);
    }

    /// <summary>For sampled frames: a byte of the length, of the entry's version, sequence, chain and body, and of the stored hash.</summary>
    private static List<long> FrameRegions(string segment)
    {
        var offsets = RecoveryDecisionTests.FrameOffsets(segment);
        var bytes = File.ReadAllBytes(segment);
        var targets = new List<long>();
        for (var i = 0; i < offsets.Count; i += Math.Max(1, offsets.Count / 12))
        {
            var o = offsets[i];
            var next = i + 1 < offsets.Count ? offsets[i + 1] : bytes.Length;
            targets.AddRange([o, o + 3, o + 4, o + 4 + 5, o + 4 + 20, o + 4 + 60, next - 40, next - 1]);
        }

        targets.Add(offsets[^1] + 2);
        return targets;
    }
}
