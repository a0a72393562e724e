namespace Telehealth.Audit.Tests.Verification;

/// <summary>Each way of tampering with a stored log is detected, and named at the right position.</summary>
public sealed class TamperDetectionTests : IDisposable
{
    private const int Records = 6;
    private readonly TempDirectory _dir = new();
    private readonly CheckpointSigningKey _key = CheckpointSigningKey.Generate("test.example/audit");

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    private string Segment => TestLog.SegmentPath(_dir.Path);

    private Task<AuditVerificationResult> VerifyAsync() => AuditVerifier.VerifyDirectoryAsync(_dir.Path, [_key.VerifierKey]);

    [Fact]
    public async Task An_untouched_log_verifies()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var result = await VerifyAsync();
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(Records, result.EntriesVerified);
        Assert.Single(result.Checkpoints);
    }

    [Fact]
    public async Task Flipping_any_single_byte_of_the_segment_is_detected()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var original = await File.ReadAllBytesAsync(Segment);
        for (var i = 0; i < original.Length; i++)
        {
            var tampered = (byte[])original.Clone();
            tampered[i] ^= 0x01;
            await File.WriteAllBytesAsync(Segment, tampered);
            var result = await VerifyAsync();
            Assert.False(result.IsValid, $"flipping byte {i} went unnoticed");
            Assert.NotEqual(AuditVerificationFailure.None, result.Failure);
        }
    }

    [Fact]
    public async Task Flipping_any_single_byte_of_the_checkpoints_is_detected()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var path = Path.Combine(_dir.Path, "checkpoints.log");
        var original = await File.ReadAllBytesAsync(path);
        for (var i = 0; i < original.Length; i++)
        {
            var tampered = (byte[])original.Clone();
            tampered[i] ^= 0x01;
            await File.WriteAllBytesAsync(path, tampered);
            var result = await VerifyAsync();
            Assert.False(result.IsValid, $"flipping checkpoint byte {i} went unnoticed");
        }
    }

    [Fact]
    public async Task A_modified_entry_is_named()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var (header, frames) = TestLog.Frames(Segment);
        frames[3][60] ^= 0x20;
        TestLog.WriteFrames(Segment, header, frames);
        var result = await VerifyAsync();
        Assert.Equal(AuditVerificationFailure.Modified, result.Failure);
        Assert.Equal(3, result.Position);
    }

    [Fact]
    public async Task A_deleted_entry_is_reported_missing()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var (header, frames) = TestLog.Frames(Segment);
        frames.RemoveAt(2);
        TestLog.WriteFrames(Segment, header, frames);
        var result = await VerifyAsync();
        Assert.Equal(AuditVerificationFailure.Missing, result.Failure);
        Assert.Equal(2, result.Position);
    }

    [Fact]
    public async Task Two_swapped_entries_are_reported_reordered()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var (header, frames) = TestLog.Frames(Segment);
        (frames[3], frames[4]) = (frames[4], frames[3]);
        TestLog.WriteFrames(Segment, header, frames);
        var result = await VerifyAsync();
        Assert.Equal(AuditVerificationFailure.Reordered, result.Failure);
        Assert.Equal(3, result.Position);
    }

    [Fact]
    public async Task An_inserted_entry_is_reported_inserted()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var (header, frames) = TestLog.Frames(Segment);
        frames.Insert(3, frames[2]);
        TestLog.WriteFrames(Segment, header, frames);
        var result = await VerifyAsync();
        Assert.Equal(AuditVerificationFailure.Inserted, result.Failure);
        Assert.Equal(3, result.Position); // the copy's position, not the original's
        Assert.Contains("position 3 claims sequence 2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_entry_with_its_own_valid_hash_breaks_the_chain()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var (header, frames) = TestLog.Frames(Segment);
        var forged = TestRecords.Encode(3, TestRecords.Read(99), previous: new byte[32]);
        frames[3] = [.. Frame(forged)];
        TestLog.WriteFrames(Segment, header, frames);
        var result = await VerifyAsync();
        Assert.Equal(AuditVerificationFailure.Modified, result.Failure);
    }

    [Fact]
    public async Task Truncation_after_a_checkpoint_is_named()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var (header, frames) = TestLog.Frames(Segment);
        TestLog.WriteFrames(Segment, header, frames.Take(Records - 2));
        var result = await VerifyAsync();
        Assert.Equal(AuditVerificationFailure.TruncatedAfterCheckpoint, result.Failure);
        Assert.Equal(Records - 2, result.Position);
    }

    [Fact]
    public async Task Rewritten_history_with_a_recomputed_chain_contradicts_the_signed_checkpoint()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var (header, _) = TestLog.Frames(Segment);
        var records = Enumerable.Range(0, Records).Select(i => i == 2 ? TestRecords.Read(i) with { Action = "phi.delete" } : TestRecords.Read(i)).ToList();
        var chained = AuditStoreWriter.Chain(0, new byte[32], records);
        TestLog.WriteFrames(Segment, header, chained.Select(c => Frame(c.Data)));
        var result = await VerifyAsync();
        Assert.Equal(AuditVerificationFailure.Modified, result.Failure);
        Assert.Equal(Records, result.Position);
    }

    [Fact]
    public async Task A_checkpoint_signed_by_an_untrusted_key_is_a_bad_signature()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        using var other = CheckpointSigningKey.Generate("test.example/audit");
        var result = await AuditVerifier.VerifyDirectoryAsync(_dir.Path, [other.VerifierKey]);
        Assert.Equal(AuditVerificationFailure.BadSignature, result.Failure);
    }

    [Fact]
    public async Task Checkpoints_signed_before_a_key_rotation_stay_verifiable()
    {
        using var next = CheckpointSigningKey.Generate("test.example/audit");
        await TestLog.WriteAsync(_dir.Path, 3, _key);
        await TestLog.WriteAsync(_dir.Path, 3, next, firstRecord: 3);

        var result = await AuditVerifier.VerifyDirectoryAsync(_dir.Path, [next.VerifierKey, _key.VerifierKey]);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(2, result.Checkpoints.Count);

        var withoutOldKey = await AuditVerifier.VerifyDirectoryAsync(_dir.Path, [next.VerifierKey]);
        Assert.Equal(AuditVerificationFailure.BadSignature, withoutOldKey.Failure);
    }

    [Fact]
    public async Task Garbage_segment_files_are_reported_not_thrown()
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        await File.WriteAllBytesAsync(Segment, [1, 2, 3]);
        var result = await VerifyAsync();
        Assert.False(result.IsValid);
        Assert.Equal(AuditVerificationFailure.Modified, result.Failure);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(20)]
    [InlineData(40)]
    public async Task A_crafted_short_frame_with_a_valid_hash_is_reported_malformed(int length)
    {
        await TestLog.WriteAsync(_dir.Path, Records, _key);
        var (header, frames) = TestLog.Frames(Segment);
        var crafted = new byte[length];
        crafted[0] = 1;
        if (length >= 9)
        {
            crafted[8] = 3; // sequence 3, where it belongs
        }

        frames[3] = Frame(crafted);
        TestLog.WriteFrames(Segment, header, frames);
        var result = await VerifyAsync();
        Assert.Equal(AuditVerificationFailure.Malformed, result.Failure);
        Assert.Equal(3, result.Position);
    }

    private static byte[] Frame(byte[] data)
    {
        var frame = new byte[FileSegmentFormat.FrameOverhead + data.Length];
        FileSegmentFormat.WriteFrame(frame, data, MerkleHash.Leaf(data));
        return frame;
    }
}
