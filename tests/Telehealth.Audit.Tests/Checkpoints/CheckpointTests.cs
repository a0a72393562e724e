namespace Telehealth.Audit.Tests.Checkpoints;

public sealed class CheckpointTests
{
    private static readonly byte[] Root = Convert.FromHexString("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    [Fact]
    public void A_signed_checkpoint_round_trips_and_verifies_only_with_its_key()
    {
        using var key = CheckpointSigningKey.Generate("clinic.example/audit");
        using var other = CheckpointSigningKey.Generate("clinic.example/audit");
        var checkpoint = new Checkpoint("clinic.example/audit", 8, Root, TestRecords.Epoch);
        var signed = SignedCheckpoint.Sign(checkpoint, key);

        Assert.Equal("clinic.example/audit\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntimestamp 1767225600000\n", checkpoint.Body);
        var parsed = SignedCheckpoint.Parse(signed.Note);
        Assert.Equal(8, parsed.Checkpoint.TreeSize);
        Assert.Equal(Root, parsed.Checkpoint.RootHash.ToArray());
        Assert.Equal(TestRecords.Epoch, parsed.Checkpoint.Timestamp);
        Assert.True(parsed.IsSignedBy(key.VerifierKey));
        Assert.False(parsed.IsSignedBy(other.VerifierKey));
        Assert.Equal([key.KeyId], parsed.SignerKeyIds);
    }

    [Theory]
    [InlineData("origin\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")]
    [InlineData("origin\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntimestamp 1\n")]
    [InlineData("origin\n-8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntimestamp 1\n")]
    [InlineData("origin\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQy=\ntimestamp 1\n")]
    [InlineData("origin\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\ntimestamp 1\n")]
    [InlineData("origin\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntime 1\n")]
    [InlineData("origin\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntimestamp 99999999999999999999\n")]
    [InlineData("\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntimestamp 1\n")]
    [InlineData("origin\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntimestamp 1\nextra\n")]
    [InlineData("")]
    public void Malformed_checkpoint_bodies_are_rejected(string body)
    {
        var ex = Assert.Throws<AuditFormatException>(() => Checkpoint.ParseBody(body));
        Assert.Equal("TH1012", ex.Code);
    }

    [Fact]
    public void Every_truncation_and_bit_flip_of_a_signed_checkpoint_fails_parsing_or_verification()
    {
        using var key = CheckpointSigningKey.Generate("clinic.example/audit");
        var note = SignedCheckpoint.Sign(new Checkpoint("clinic.example/audit", 8, Root, TestRecords.Epoch), key).Note;
        for (var length = 0; length < note.Length; length++)
        {
            Assert.False(ParsesAndVerifies(note[..length], key.VerifierKey), $"truncated to {length}");
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(note);
        for (var i = 0; i < bytes.Length * 8; i++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[i / 8] ^= (byte)(1 << (i % 8));
            var text = System.Text.Encoding.UTF8.GetString(flipped);
            Assert.False(ParsesAndVerifies(text, key.VerifierKey), $"bit {i} flipped");
        }
    }

    [Fact]
    public async Task The_development_key_is_owner_only_and_reused_across_restarts()
    {
        using var dir = new TempDirectory();
        string first;
        await using (var host = new AuditHost(dir))
        {
            first = host.Log.VerifierKeys[0].ToString();
        }

        await using (var host = new AuditHost(dir))
        {
            Assert.Equal(first, host.Log.VerifierKeys[0].ToString());
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.Combine("checkpoint-signing.key")));
        }
    }

    [Fact]
    public void Checkpoint_arguments_are_checked()
    {
        Assert.Throws<ArgumentException>("origin", () => new Checkpoint("two\nlines", 1, Root, TestRecords.Epoch));
        Assert.Throws<ArgumentOutOfRangeException>("treeSize", () => new Checkpoint("o", -1, Root, TestRecords.Epoch));
        Assert.Throws<ArgumentException>("rootHash", () => new Checkpoint("o", 1, new byte[31], TestRecords.Epoch));
        Assert.Throws<ArgumentException>("name", () => CheckpointSigningKey.Generate("has space"));
    }

    private static bool ParsesAndVerifies(string note, CheckpointVerifierKey key)
    {
        try
        {
            return SignedCheckpoint.Parse(note).IsSignedBy(key);
        }
        catch (AuditFormatException)
        {
            return false;
        }
    }
}
