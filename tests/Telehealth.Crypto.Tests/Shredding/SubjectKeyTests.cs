namespace Telehealth.Crypto.Tests;

public sealed class SubjectKeyTests
{
    [Fact]
    public async Task Destroying_a_subject_key_makes_exactly_that_subjects_records_unreadable()
    {
        await using var audit = new AuditFixture();
        using var host = new KeyHost(subjectKeys: true, auditLog: audit.Log);
        var alice = Contexts.Note("note-a", subject: "patient-alice");
        var bob = Contexts.Note("note-b", subject: "patient-bob");
        var general = Contexts.Note("note-c");
        var forAlice = host.Cipher.Encrypt("alice"u8, alice);
        var forAlice2 = await host.Cipher.EncryptAsync("alice again"u8.ToArray(), alice);
        var forBob = host.Cipher.Encrypt("bob"u8, bob);
        var forNobody = host.Cipher.Encrypt("general"u8, general);
        Assert.True(EnvelopeInfo.Read(forAlice).HasSubjectKey);
        Assert.False(EnvelopeInfo.Read(forNobody).HasSubjectKey);
        static byte[] SubjectKeyIdOf(byte[] envelope) => envelope.AsSpan(EnvelopeLayout.Read(envelope, requireBody: true).SubjectKeyIdOffset, 16).ToArray();
        Assert.Equal(SubjectKeyIdOf(forAlice), SubjectKeyIdOf(forAlice2));
        Assert.NotEqual(SubjectKeyIdOf(forAlice), SubjectKeyIdOf(forBob));

        Assert.True(await host.SubjectKeys!.DestroyAsync("clinic-a", "patient-alice"));
        Assert.False(await host.SubjectKeys.DestroyAsync("clinic-a", "patient-alice"));

        Assert.Equal("TH2008", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(forAlice, alice)).Code);
        Assert.Equal("TH2008", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.DecryptAsync(forAlice2, alice).AsTask())).Code);
        Assert.Equal("bob"u8.ToArray(), host.Cipher.Decrypt(forBob, bob));
        Assert.Equal("general"u8.ToArray(), host.Cipher.Decrypt(forNobody, general));

        var records = await audit.WaitForAsync(r => r.Action == "crypto.subject_key.destroyed");
        var destroyed = records.Single(r => r.Action == "crypto.subject_key.destroyed");
        Assert.DoesNotContain(destroyed.Extra, f => f.Value.Contains("alice", StringComparison.Ordinal));
    }

    [Fact]
    public void Subject_key_files_are_named_by_a_keyed_hash_and_hold_no_identifier()
    {
        using var host = new KeyHost(subjectKeys: true);
        host.Cipher.Encrypt("x"u8, Contexts.Note(subject: "patient-0042"));
        var files = Directory.GetFiles(host.Directory.Combine("subjects"));
        Assert.Equal(2, files.Length);
        Assert.All(files, f =>
        {
            Assert.DoesNotContain("0042", Path.GetFileName(f), StringComparison.Ordinal);
            Assert.Equal(-1, File.ReadAllBytes(f).AsSpan().IndexOf("patient-0042"u8));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
            }
        });
    }

    [Fact]
    public void A_subject_record_cannot_be_read_by_a_cipher_without_subject_keys()
    {
        using var host = new KeyHost(subjectKeys: true);
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note(subject: "p"));
        using var plain = new EnvelopeCipher(host.Keyring);
        Assert.Equal("TH2009", Assert.Throws<CryptoException>(() => plain.Decrypt(envelope, Contexts.Note(subject: "p"))).Code);
    }

    [Fact]
    public async Task Subject_keys_follow_key_rotation_and_are_counted_per_version()
    {
        using var host = new KeyHost(subjectKeys: true);
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note(subject: "p1"));
        host.Cipher.Encrypt("y"u8, Contexts.Note(subject: "p2"));
        await host.RotateAsync();
        Assert.Equal(3, (await host.SubjectKeys!.CountByKeyVersionAsync())[1]);
        Assert.Equal(3, await host.SubjectKeys.RewrapAsync());
        var counts = await host.SubjectKeys.CountByKeyVersionAsync();
        Assert.Equal(3, counts[2]);
        Assert.False(counts.ContainsKey(1));

        var moved = (await host.Cipher.RewrapAsync(envelope)).Apply(envelope);
        await host.Keyring.DisableAsync(1);
        using var fresh = new SubjectKeyStore(host.Directory.Combine("subjects"), host.Keyring);
        using var cipher = new EnvelopeCipher(host.Keyring, subjectKeys: fresh);
        Assert.Equal("x"u8.ToArray(), cipher.Decrypt(moved, Contexts.Note(subject: "p1")));
    }

    [Fact]
    public async Task A_tampered_subject_key_file_is_refused()
    {
        using var host = new KeyHost(subjectKeys: true);
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note(subject: "p1"));
        var file = Directory.GetFiles(host.Directory.Combine("subjects"), "*.subject").Single();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^1] ^= 1;
        await File.WriteAllBytesAsync(file, bytes);
        using var fresh = new SubjectKeyStore(host.Directory.Combine("subjects"), host.Keyring);
        using var cipher = new EnvelopeCipher(host.Keyring, subjectKeys: fresh);
        Assert.Equal("TH2037", Assert.Throws<CryptoException>(() => cipher.Decrypt(envelope, Contexts.Note(subject: "p1"))).Code);

        await File.WriteAllBytesAsync(file, bytes[..10]);
        using var fresher = new SubjectKeyStore(host.Directory.Combine("subjects"), host.Keyring);
        using var cipher2 = new EnvelopeCipher(host.Keyring, subjectKeys: fresher);
        Assert.Equal("TH2039", Assert.Throws<CryptoException>(() => cipher2.Decrypt(envelope, Contexts.Note(subject: "p1"))).Code);
    }

    [Theory]
    [InlineData("appended")]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("other-format")]
    public void Oversized_garbage_and_foreign_subject_key_files_are_refused_with_TH2039(string damage)
    {
        using var host = new KeyHost(subjectKeys: true);
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note(subject: "p1"));
        var file = Directory.GetFiles(host.Directory.Combine("subjects"), "*.subject").Single();
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, damage switch
        {
            "appended" => [.. bytes, .. new byte[4096]],
            "garbage" => Contexts.Bytes(5000),
            "empty" => [],
            _ => [.. "THSK"u8, 2, .. bytes[5..]],
        });
        using var fresh = new SubjectKeyStore(host.Directory.Combine("subjects"), host.Keyring);
        using var cipher = new EnvelopeCipher(host.Keyring, subjectKeys: fresh);
        Assert.Equal("TH2039", Assert.Throws<CryptoException>(() => cipher.Decrypt(envelope, Contexts.Note(subject: "p1"))).Code);
    }
}
