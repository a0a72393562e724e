using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Crypto.Tests;

public sealed class KeyringTests
{
    [Fact]
    public void A_new_keyring_starts_with_a_primary_version_1()
    {
        using var host = new KeyHost();
        var version = Assert.Single(host.Keyring.Current.Versions);
        Assert.Equal(1, version.Version);
        Assert.Equal(KeyEncryptionKeyState.Primary, version.State);
        Assert.Equal("local", version.Provider);
        Assert.Equal(host.Time.GetUtcNow(), version.PromotedAt);
    }

    [Fact]
    public async Task Staged_rotation_keeps_old_data_readable_and_encrypts_under_the_new_primary()
    {
        using var host = new KeyHost(keyring: o => o.PropagationDelay = TimeSpan.FromMinutes(5));
        var old = host.Cipher.Encrypt("before"u8, Contexts.Note());

        var pending = await host.Keyring.AddPendingVersionAsync();
        Assert.Equal(2, pending.Version);
        Assert.Equal(KeyEncryptionKeyState.Pending, pending.State);
        Assert.Equal(1, EnvelopeInfo.Read(host.Cipher.Encrypt("during"u8, Contexts.Note())).KeyVersion);

        var early = await Assert.ThrowsAsync<CryptoException>(() => host.Keyring.PromoteAsync(2).AsTask());
        Assert.Equal("TH2043", early.Code);

        host.Time.Advance(TimeSpan.FromMinutes(5));
        await host.Keyring.PromoteAsync(2);
        Assert.Equal(KeyEncryptionKeyState.DecryptOnly, host.Keyring.Current.Find(1)!.State);
        Assert.Equal(KeyEncryptionKeyState.Primary, host.Keyring.Current.Find(2)!.State);
        var fresh = host.Cipher.Encrypt("after"u8, Contexts.Note());
        Assert.Equal(2, EnvelopeInfo.Read(fresh).KeyVersion);
        Assert.Equal("before"u8.ToArray(), host.Cipher.Decrypt(old, Contexts.Note()));
        Assert.Equal("after"u8.ToArray(), host.Cipher.Decrypt(fresh, Contexts.Note()));
    }

    [Fact]
    public async Task Disabled_destroyed_and_retired_versions_each_refuse_with_their_code()
    {
        using var host = new KeyHost();
        var v1 = host.Cipher.Encrypt("v1"u8, Contexts.Note());
        await host.RotateAsync();
        var v2 = host.Cipher.Encrypt("v2"u8, Contexts.Note());
        await host.RotateAsync();

        await host.Keyring.DisableAsync(1);
        Assert.Equal("TH2032", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(v1, Contexts.Note())).Code);
        await host.Keyring.EnableAsync(1);
        Assert.Equal("v1"u8.ToArray(), host.Cipher.Decrypt(v1, Contexts.Note()));

        await host.Keyring.SetMinimumDecryptionVersionAsync(2);
        Assert.Equal("TH2034", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(v1, Contexts.Note())).Code);
        Assert.Equal("v2"u8.ToArray(), host.Cipher.Decrypt(v2, Contexts.Note()));

        await host.Keyring.DisableAsync(1);
        await host.Keyring.DestroyAsync(1);
        Assert.Equal(KeyEncryptionKeyState.Destroyed, host.Keyring.Current.Find(1)!.State);
        Assert.Equal(string.Empty, host.Keyring.Current.Find(1)!.ProviderReference);
        Assert.Equal("TH2033", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(v1, Contexts.Note())).Code);
    }

    [Fact]
    public async Task Invalid_transitions_are_refused_with_TH2036()
    {
        using var host = new KeyHost();
        Assert.Equal("TH2036", (await Assert.ThrowsAsync<CryptoException>(() => host.Keyring.DisableAsync(1).AsTask())).Code);
        Assert.Equal("TH2036", (await Assert.ThrowsAsync<CryptoException>(() => host.Keyring.DestroyAsync(1).AsTask())).Code);
        Assert.Equal("TH2036", (await Assert.ThrowsAsync<CryptoException>(() => host.Keyring.PromoteAsync(1).AsTask())).Code);
        Assert.Equal("TH2036", (await Assert.ThrowsAsync<CryptoException>(() => host.Keyring.EnableAsync(1).AsTask())).Code);
        await host.Keyring.AddPendingVersionAsync();
        Assert.Equal("TH2036", (await Assert.ThrowsAsync<CryptoException>(() => host.Keyring.SetMinimumDecryptionVersionAsync(2).AsTask())).Code);
        Assert.Equal("TH2031", (await Assert.ThrowsAsync<CryptoException>(() => host.Keyring.PromoteAsync(9).AsTask())).Code);
    }

    [Fact]
    public async Task An_unknown_version_is_refused_with_TH2031()
    {
        using var host = new KeyHost();
        await host.RotateAsync();
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note());
        using var other = new KeyHost();
        Assert.Equal("TH2031", Assert.Throws<CryptoException>(() => other.Cipher.Decrypt(envelope, Contexts.Note())).Code);
    }

    [Fact]
    public async Task Scheduled_rotation_adds_a_pending_version_at_max_age_and_promotes_it_after_the_propagation_delay()
    {
        using var host = new KeyHost(keyring: o =>
        {
            o.RotationPeriod = TimeSpan.FromDays(30);
            o.PropagationDelay = TimeSpan.FromMinutes(5);
        });

        Assert.Equal(KeyRotationStep.None, await host.Keyring.RunScheduledRotationAsync());
        host.Time.Advance(TimeSpan.FromDays(30));
        Assert.Equal(KeyRotationStep.AddedPending, await host.Keyring.RunScheduledRotationAsync());
        Assert.Equal(KeyRotationStep.WaitingForPropagation, await host.Keyring.RunScheduledRotationAsync());
        host.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(KeyRotationStep.Promoted, await host.Keyring.RunScheduledRotationAsync());
        Assert.Equal(2, host.Keyring.Current.FindPrimary()!.Version);
        Assert.Equal(KeyRotationStep.None, await host.Keyring.RunScheduledRotationAsync());
    }

    [Fact]
    public async Task Two_nodes_adding_versions_at_once_both_succeed_with_distinct_versions()
    {
        using var a = new KeyHost();
        using var b = new KeyHost(directory: a.Directory, masterKey: a.MasterKey, time: a.Time);
        var results = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => Task.Run(async () => await (i % 2 == 0 ? a : b).Keyring.AddPendingVersionAsync())));

        Assert.Equal(6, results.Select(r => r.Version).Distinct().Count());
        await a.Keyring.RefreshAsync();
        Assert.Equal(7, a.Keyring.Current.Versions.Count);
        Assert.Equal(7, a.Keyring.Current.Revision);
    }

    [Fact]
    public void The_keyring_file_is_owner_only_and_holds_no_usable_key()
    {
        using var host = new KeyHost();
        var path = Path.Combine(host.Store.Directory, "default.keyring.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(host.Store.Directory));
        }

        var text = File.ReadAllText(path);
        Assert.Contains("\"format\": \"telehealth.keyring/1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"state\": \"Primary\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", string.Join(",", Directory.GetFiles(host.Store.Directory)), StringComparison.Ordinal);
    }

    public static TheoryData<string> DamagedKeyrings() =>
    [
        "not json",
        "{\"format\":\"something-else\",\"keyring\":null}",
        "{\"format\":\"telehealth.keyring/1\",\"keyring\":{\"keyringId\":\"other\",\"revision\":1,\"versions\":[]}}",
        "{\"format\":\"telehealth.keyring/1\",\"keyring\":{\"keyringId\":\"default\",\"revision\":0,\"versions\":[]}}",
        "{\"format\":\"telehealth.keyring/1\",\"keyring\":{\"keyringId\":\"default\",\"revision\":2,\"versions\":[{\"version\":2,\"state\":\"Primary\",\"provider\":\"local\",\"providerReference\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"stateChangedAt\":\"2026-01-01T00:00:00Z\"},{\"version\":1,\"state\":\"Pending\",\"provider\":\"local\",\"providerReference\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"stateChangedAt\":\"2026-01-01T00:00:00Z\"}]}}",
        "{\"format\":\"telehealth.keyring/1\",\"keyring\":{\"keyringId\":\"default\",\"revision\":2,\"versions\":[{\"version\":1,\"state\":\"Primary\",\"provider\":\"local\",\"providerReference\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"stateChangedAt\":\"2026-01-01T00:00:00Z\"},{\"version\":2,\"state\":\"Primary\",\"provider\":\"local\",\"providerReference\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"stateChangedAt\":\"2026-01-01T00:00:00Z\"}]}}",
        "{\"format\":\"telehealth.keyring/1\",\"keyring\":{\"keyringId\":\"default\",\"revision\":2,\"versions\":[{\"version\":1,\"state\":\"Primary\",\"provider\":\"local\",\"providerReference\":\"\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"stateChangedAt\":\"2026-01-01T00:00:00Z\"}]}}",
        "{\"format\":\"telehealth.keyring/1\",\"keyring\":{\"keyringId\":\"default\",\"revision\":2,\"versions\":[{\"version\":1,\"state\":\"Bogus\",\"provider\":\"local\",\"providerReference\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"stateChangedAt\":\"2026-01-01T00:00:00Z\"}]}}",
    ];

    [Theory]
    [MemberData(nameof(DamagedKeyrings))]
    public async Task A_damaged_keyring_file_is_refused_with_TH2039(string content)
    {
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Combine("keys"));
        await File.WriteAllTextAsync(Path.Combine(directory.Combine("keys"), "default.keyring.json"), content);
        var store = new FileKeyringStore(directory.Combine("keys"));
        var error = await Assert.ThrowsAsync<CryptoException>(() => store.LoadAsync("default").AsTask());
        Assert.Equal("TH2039", error.Code);
    }

    [Fact]
    public async Task A_tampered_sealed_key_reference_is_refused()
    {
        using var host = new KeyHost();
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note());
        var document = (await host.Store.LoadAsync("default"))!;
        var reference = document.Versions[0].ProviderReference;
        var flipped = reference[..^6] + (reference[^6] == 'A' ? 'B' : 'A') + reference[^5..];
        Assert.True(await host.Store.TryWriteAsync(document with { Revision = document.Revision + 1, Versions = [document.Versions[0] with { ProviderReference = flipped }] }, document.Revision));

        using var provider = new LocalKeyEncryptionKeyProvider(host.MasterKey);
        var keyring = new Keyring(host.Store, [provider], new KeyringOptions());
        using var cipher = new EnvelopeCipher(keyring);
        var error = Assert.Throws<CryptoException>(() => cipher.Decrypt(envelope, Contexts.Note()));
        Assert.Contains(error.Code, new[] { "TH2044", "TH2039" });
    }

    [Theory]
    [InlineData("another version's slot")]
    [InlineData("another keyring's slot")]
    public async Task A_sealed_key_pasted_into_a_slot_it_was_not_made_for_is_refused_when_loaded(string paste)
    {
        using var host = new KeyHost();
        await host.RotateAsync();
        var document = (await host.Store.LoadAsync("default"))!;
        string pasted;
        if (paste == "another version's slot")
        {
            pasted = document.Versions[0].ProviderReference;
        }
        else
        {
            using var other = new KeyHost(masterKey: host.MasterKey, keyring: o => o.KeyringId = "billing");
            pasted = other.Keyring.Current.Versions[0].ProviderReference;
        }

        Assert.True(await host.Store.TryWriteAsync(document with { Revision = document.Revision + 1, Versions = [document.Versions[0], document.Versions[1] with { ProviderReference = pasted }] }, document.Revision));

        using var provider = new LocalKeyEncryptionKeyProvider(host.MasterKey);
        var keyring = new Keyring(host.Store, [provider], new KeyringOptions());
        var error = await Assert.ThrowsAsync<CryptoException>(() => keyring.InitializeAsync().AsTask());
        Assert.Equal("TH2039", error.Code);
        Assert.Contains("v2", error.Message, StringComparison.Ordinal);
        using var cipher = new EnvelopeCipher(keyring);
        Assert.Equal("TH2039", Assert.Throws<CryptoException>(() => cipher.Encrypt("x"u8, Contexts.Note())).Code);
    }

    [Fact]
    public async Task A_missing_keyring_is_not_created_when_creation_is_off()
    {
        using var directory = new TempDirectory();
        using var master = LocalMasterKey.Generate();
        using var provider = new LocalKeyEncryptionKeyProvider(master);
        var keyring = new Keyring(new FileKeyringStore(directory.Path), [provider], new KeyringOptions { CreateIfMissing = false });
        Assert.Equal("TH2030", (await Assert.ThrowsAsync<CryptoException>(() => keyring.InitializeAsync().AsTask())).Code);
    }

    [Fact]
    public void An_unknown_provider_name_is_refused_with_TH2042()
    {
        using var directory = new TempDirectory();
        using var master = LocalMasterKey.Generate();
        using var provider = new LocalKeyEncryptionKeyProvider(master);
        var error = Assert.Throws<CryptoException>(() => new Keyring(new FileKeyringStore(directory.Path), [provider], new KeyringOptions { Provider = "kms" }));
        Assert.Equal("TH2042", error.Code);
    }

    [Fact]
    public async Task Key_operations_are_audited_with_the_key_id_and_never_the_key()
    {
        await using var audit = new AuditFixture();
        using var host = new KeyHost(auditLog: audit.Log, time: new FakeTimeProvider(audit.Time.GetUtcNow()));
        await host.RotateAsync();
        await host.Keyring.DisableAsync(1);
        await host.Keyring.DestroyAsync(1);
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note());
        Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(envelope, Contexts.Note("note-2")));

        var records = await audit.WaitForAsync(r => r.Action == "crypto.decrypt.failed");
        var actions = records.Select(r => r.Action).ToList();
        Assert.Equal(
            ["crypto.key.created", "crypto.key.promoted", "crypto.key.created", "crypto.key.promoted", "crypto.key.disabled", "crypto.key.destroy_requested", "crypto.key.destroyed", "crypto.decrypt.failed"],
            actions);
        Assert.All(records, r => Assert.Equal("crypto-key", r.Resource.Type));
        Assert.Equal("default/v2", records[^1].Resource.Id);
        Assert.Equal("TH2005", records[^1].Outcome.ReasonCode);
        var reference = host.Keyring.Current.Find(2)!.ProviderReference;
        Assert.DoesNotContain(records, r => r.ToString().Contains(reference[^20..], StringComparison.Ordinal) || r.Extra.Any(f => f.Value.Contains(reference[^20..], StringComparison.Ordinal)));
    }
}
