namespace Telehealth.Crypto.Tests;

/// <summary>Two nodes sharing one keyring store (the file store in one directory), each with its own keyring instance.</summary>
public sealed class MultiNodeRotationTests
{
    [Fact]
    public async Task During_staged_rotations_no_node_produces_a_ciphertext_the_other_cannot_read()
    {
        void Configure(KeyringOptions o)
        {
            o.RefreshInterval = TimeSpan.FromMinutes(1);
            o.PropagationDelay = TimeSpan.FromMinutes(2);
            o.RotationPeriod = TimeSpan.FromHours(1);
        }

        using var a = new KeyHost(keyring: Configure);
        using var b = new KeyHost(directory: a.Directory, masterKey: a.MasterKey, time: a.Time, keyring: Configure);
        var promotions = 0;

        // Six hours in 20-second steps: node A runs the rotation schedule, both nodes keep encrypting and
        // each decrypts what the other wrote a moment ago, through the async API that refreshes on a miss.
        for (var step = 0; step < 6 * 180; step++)
        {
            a.Time.Advance(TimeSpan.FromSeconds(20));
            if (await a.Keyring.RunScheduledRotationAsync() == KeyRotationStep.Promoted)
            {
                promotions++;
            }

            var context = Contexts.Note($"note-{step}");
            var fromA = await a.Cipher.EncryptAsync(Contexts.Bytes(64, step), context);
            var fromB = await b.Cipher.EncryptAsync(Contexts.Bytes(64, step + 1), context);
            Assert.Equal(Contexts.Bytes(64, step), await b.Cipher.DecryptAsync(fromA, context));
            Assert.Equal(Contexts.Bytes(64, step + 1), await a.Cipher.DecryptAsync(fromB, context));
        }

        Assert.True(promotions >= 5, $"only {promotions} rotations happened");
        await b.Keyring.RefreshAsync();
        Assert.Equal(a.Keyring.Current.FindPrimary()!.Version, b.Keyring.Current.FindPrimary()!.Version);
    }

    [Fact]
    public async Task Promoting_without_waiting_for_propagation_is_refused()
    {
        using var a = new KeyHost(keyring: o => o.PropagationDelay = TimeSpan.FromMinutes(2));
        var pending = await a.Keyring.AddPendingVersionAsync();
        a.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("TH2043", (await Assert.ThrowsAsync<CryptoException>(() => a.Keyring.PromoteAsync(pending.Version).AsTask())).Code);
    }

    [Fact]
    public async Task Retiring_the_old_primary_waits_until_every_node_has_read_the_new_one_and_a_stale_node_reads_it_before_encrypting()
    {
        void Configure(KeyringOptions o)
        {
            o.RefreshInterval = TimeSpan.FromMinutes(1);
            o.PropagationDelay = TimeSpan.FromMinutes(5);
        }

        using var a = new KeyHost(keyring: Configure);
        using var b = new KeyHost(directory: a.Directory, masterKey: a.MasterKey, time: a.Time, keyring: Configure);
        Assert.Equal(1, EnvelopeInfo.Read(b.Cipher.Encrypt("b, before"u8, Contexts.Note())).KeyVersion);
        var added = await a.Keyring.AddPendingVersionAsync();
        a.Time.Advance(TimeSpan.FromMinutes(5));
        await a.Keyring.PromoteAsync(added.Version);

        // Node B last read the keyring five minutes ago: until a refresh interval has passed since the
        // promotion, some node may still encrypt under v1, so v1 is neither retired nor disabled.
        var keyringFile = Path.Combine(a.Directory.Combine("keys"), "default.keyring.json");
        var before = await File.ReadAllBytesAsync(keyringFile);
        foreach (var retire in new Func<Task>[] { () => a.Keyring.SetMinimumDecryptionVersionAsync(2).AsTask(), () => a.Keyring.DisableAsync(1).AsTask() })
        {
            var refused = await Assert.ThrowsAsync<CryptoException>(retire);
            Assert.Equal("TH2101", refused.Code);
            Assert.Equal(before, await File.ReadAllBytesAsync(keyringFile));
        }

        // After the refresh interval a node encrypts under the new primary even if it was idle meanwhile,
        // and retiring v1 is allowed.
        a.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, EnvelopeInfo.Read(b.Cipher.Encrypt("b, after"u8, Contexts.Note())).KeyVersion);
        await a.Keyring.SetMinimumDecryptionVersionAsync(2);
        await a.Keyring.DisableAsync(1);
    }
}
