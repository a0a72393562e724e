using Microsoft.Extensions.DependencyInjection;

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

    public static TheoryData<string, string> NamesAndOriginsTheSpecificationAllows => new()
    {
        { "caf\u00e9.example/log", "caf\u00e9.example/log" },
        { "\U0001F4DC.example/log", "\U0001F4DC.example/log" },
        { "del\u007Fc1\u0080", "del\u007Fc1\u0080" },
        { new string('n', 1000), new string('o', 1000) },
        { "sum.golang.org", "go.sum database tree" },
        { "log.example", "example.com/log+1" },
        { "log.example", "   " },
    };

    [Theory]
    [MemberData(nameof(NamesAndOriginsTheSpecificationAllows))]
    public void Key_names_and_origins_the_specification_allows_sign_parse_and_verify(string keyName, string origin)
    {
        using var key = CheckpointSigningKey.Generate(keyName);
        var signed = SignedCheckpoint.Parse(SignedCheckpoint.Sign(new Checkpoint(origin, 8, Root, TestRecords.Epoch), key).Note);

        Assert.Equal(origin, signed.Checkpoint.Origin);
        Assert.Equal(keyName, Assert.Single(signed.Signatures).KeyName);
        Assert.True(signed.IsSignedByAny([CheckpointVerifierKey.Parse(key.VerifierKey.ToString())]));
        using var imported = CheckpointSigningKey.ImportSignerKey(key.ExportSignerKey());
        Assert.Equal(key.VerifierKey.ToString(), imported.VerifierKey.ToString());
    }

    [Fact]
    public void A_line_sharing_only_the_name_or_only_the_id_of_a_trusted_key_is_ignored()
    {
        using var key = CheckpointSigningKey.Generate("clinic.example/audit");
        using var sameName = CheckpointSigningKey.Generate("clinic.example/audit");
        var note = SignedCheckpoint.Sign(new Checkpoint("clinic.example/audit", 8, Root, TestRecords.Epoch), key).Note;
        var otherLine = SignedNote.Sign(SignedCheckpoint.Parse(note).Checkpoint.Body, sameName).Split('\n')[^2];
        var ownLine = note.Split('\n')[^2];
        var sameIdOtherName = ownLine.Replace("clinic.example/audit", "clinic.example/other", StringComparison.Ordinal);
        var sameNameOtherIdBadSignature = otherLine[..^8] + "AAAAAAA=";

        var signed = SignedCheckpoint.Parse(note + sameIdOtherName + "\n" + sameNameOtherIdBadSignature + "\n");

        Assert.Equal(3, signed.Signatures.Count);
        Assert.True(signed.IsSignedByAny([key.VerifierKey]));
        Assert.True(signed.IsSignedBy(key.VerifierKey));
    }

    [Fact]
    public void A_failing_signature_by_any_trusted_key_rejects_the_checkpoint()
    {
        using var current = CheckpointSigningKey.Generate("clinic.example/audit");
        using var previous = CheckpointSigningKey.Generate("clinic.example/audit-2025");
        var checkpoint = new Checkpoint("clinic.example/audit", 8, Root, TestRecords.Epoch);
        var forged = SignedNote.Sign(new Checkpoint("clinic.example/audit", 9, Root, TestRecords.Epoch).Body, previous).Split('\n')[^2];

        var signed = SignedCheckpoint.Parse(SignedCheckpoint.Sign(checkpoint, current).Note + forged + "\n");

        Assert.True(signed.IsSignedBy(current.VerifierKey));
        Assert.False(signed.IsSignedBy(previous.VerifierKey));
        Assert.False(signed.IsSignedByAny([current.VerifierKey, previous.VerifierKey]));
        Assert.True(signed.IsSignedByAny([current.VerifierKey]));
    }

    [Fact]
    public async Task The_development_key_is_named_after_the_log_origin()
    {
        using var dir = new TempDirectory();
        await using var host = new AuditHost(dir, o => o.Origin = "audit.clinic.example/log");
        Assert.Equal("audit.clinic.example/log", host.Log.VerifierKeys[0].Name);
        var checkpoint = await host.Log.CheckpointAsync();
        Assert.Equal(checkpoint.Checkpoint.Origin, Assert.Single(checkpoint.Signatures).KeyName);
    }

    [Fact]
    public async Task An_existing_development_key_with_another_name_is_kept_and_reported()
    {
        using var dir = new TempDirectory();
        using (var old = CheckpointSigningKey.Generate("telehealth-audit-dev"))
        {
            File.WriteAllText(dir.Combine("checkpoint-signing.key"), old.ExportSignerKey());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dir.Combine("checkpoint-signing.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        var collector = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        await using var host = new AuditHost(dir, services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(collector)));

        Assert.Equal("telehealth-audit-dev", host.Log.VerifierKeys[0].Name);
        var warning = Assert.Single(collector.GetSnapshot(), r => r.Id.Id == 22);
        Assert.Contains("named telehealth-audit-dev, not after the log origin clinic.example/audit", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clinic audit")]
    [InlineData("clinic.example/audit+1")]
    [InlineData(" clinic.example/audit")]
    [InlineData("clinic.example/\u2028audit")]
    public async Task An_origin_that_cannot_name_the_signing_key_fails_at_start(string origin)
    {
        using var dir = new TempDirectory();
        var services = new ServiceCollection();
        services.AddTelehealthAudit(o => o.Origin = origin).UseFileStore(dir.Path);
        await using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditOptions>>().Value);
        Assert.Equal(["AuditOptions.Origin must be usable as a signed-note key name: no spaces, '+' or control characters."], ex.Failures);
    }

    [Fact]
    public void Checkpoint_arguments_are_checked()
    {
        Assert.Throws<ArgumentException>("origin", () => new Checkpoint("two\nlines", 1, Root, TestRecords.Epoch));
        Assert.Throws<ArgumentException>("origin", () => new Checkpoint(string.Empty, 1, Root, TestRecords.Epoch));
        Assert.Throws<ArgumentException>("origin", () => new Checkpoint("lone\uD800", 1, Root, TestRecords.Epoch));
        Assert.Throws<ArgumentException>("name", () => CheckpointSigningKey.Generate("a+b"));
        Assert.Throws<ArgumentException>("name", () => CheckpointSigningKey.Generate("nbsp\u00A0"));
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
