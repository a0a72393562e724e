namespace Telehealth.Crypto.Tests;

/// <summary>
/// Rotation with crypto-shredding: the subject keys are wrapped under the keyring's key-encryption keys
/// like any record, so the census, the rewrap job and retirement must cover them.
/// </summary>
public sealed class SubjectKeyRotationTests
{
    [Fact]
    public async Task Retiring_a_version_that_subject_keys_still_need_is_refused_naming_them_and_changes_nothing()
    {
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory, subjectKeys: true);
        var store = new MemoryEnvelopeStore();
        store.Put("note-a", host.Cipher.Encrypt("for alice"u8, Contexts.Note("note-a", subject: "patient-alice")));
        store.Put("note-b", host.Cipher.Encrypt("general"u8, Contexts.Note("note-b")));
        await host.RotateAsync();

        // The records of the application move; the subject keys stay wrapped under version 1.
        await new KeyRewrapJob(host.Cipher, store, directory.Combine("rewrap.checkpoint")).RunAsync();
        Assert.Equal(0, (await KeyVersionCensus.TakeAsync(store)).RecordsOn("default", 1));
        var keyringFile = directory.Combine("keys/default.keyring.json");
        var before = await File.ReadAllBytesAsync(keyringFile);

        foreach (var retire in new Func<Task>[]
        {
            () => host.Keyring.SetMinimumDecryptionVersionAsync(2).AsTask(),
            () => host.Keyring.DisableAsync(1).AsTask(),
        })
        {
            var refused = await Assert.ThrowsAsync<KeyVersionInUseException>(retire);
            Assert.Equal("TH2100", refused.Code);
            Assert.Contains("subject keys: 2 on v1", refused.Message, StringComparison.Ordinal);
            var blocker = Assert.Single(refused.Blockers);
            Assert.Equal(new KeyVersionCount("subject keys", "default", 1, 2), blocker);
            Assert.Equal(before, await File.ReadAllBytesAsync(keyringFile));
        }

        Assert.Equal(1, host.Keyring.Current.MinimumDecryptionVersion);
        Assert.Equal(KeyEncryptionKeyState.DecryptOnly, host.Keyring.Current.Find(1)!.State);
    }

    [Fact]
    public async Task The_keyring_wide_job_moves_subject_keys_and_records_so_the_old_version_can_be_destroyed_and_everything_reads_after_a_restart()
    {
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory, subjectKeys: true);
        var store = new MemoryEnvelopeStore();
        host.Keyring.AddEnvelopeStore("visit-notes", store);
        var alice = Contexts.Note("note-a", subject: "patient-alice");
        store.Put("note-a", host.Cipher.Encrypt("for alice"u8, alice));
        store.Put("note-b", host.Cipher.Encrypt("general"u8, Contexts.Note("note-b")));
        await host.RotateAsync();

        var census = await host.Keyring.TakeCensusAsync();
        Assert.Equal(2, census.RecordsOn("default", 1) - census.Versions.Where(v => v.Source == "subject keys").Sum(v => v.Records));
        Assert.Equal(new KeyVersionCount("subject keys", "default", 1, 2), census.Versions.Single(v => v.Source == "subject keys"));
        Assert.Equal(["subject keys", "visit-notes"], census.Sources.Select(s => s.Name));

        var result = await new KeyRewrapJob(host.Cipher, directory.Combine("rewrap.checkpoint")).RunAsync();
        Assert.Equal(2, result.SubjectKeysRewrapped);
        Assert.Equal(2, result.Rewrapped);
        Assert.Equal(0, (await host.Keyring.TakeCensusAsync()).RecordsOn("default", 1));

        await host.Keyring.SetMinimumDecryptionVersionAsync(2);
        await host.Keyring.DisableAsync(1);
        await host.Keyring.DestroyAsync(1);

        // A restart: fresh stores and a fresh cipher, with nothing cached.
        using var fresh = new SubjectKeyStore(directory.Combine("subjects"), host.Keyring, host.Time);
        using var restarted = new EnvelopeCipher(host.Keyring, subjectKeys: fresh);
        Assert.Equal("for alice"u8.ToArray(), restarted.Decrypt(store.Get("note-a"), alice));
        Assert.Equal("general"u8.ToArray(), restarted.Decrypt(store.Get("note-b"), Contexts.Note("note-b")));
    }

    [Fact]
    public async Task A_damaged_subject_key_file_blocks_retirement_because_its_version_is_unknown()
    {
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory, subjectKeys: true);
        host.Cipher.Encrypt("x"u8, Contexts.Note(subject: "p1"));
        await host.RotateAsync();
        await new KeyRewrapJob(host.Cipher, directory.Combine("rewrap.checkpoint")).RunAsync();
        var file = Directory.GetFiles(directory.Combine("subjects"), "*.subject").Single();
        await File.WriteAllBytesAsync(file, [1, 2, 3]);

        var census = await host.Keyring.TakeCensusAsync();
        Assert.Equal(1, census.Sources.Single(s => s.Name == "subject keys").Unreadable);
        var refused = await Assert.ThrowsAsync<KeyVersionInUseException>(() => host.Keyring.DisableAsync(1).AsTask());
        Assert.Contains("subject keys: 1 unreadable (version unknown)", refused.Message, StringComparison.Ordinal);
        Assert.Empty(refused.Blockers);
    }
}
