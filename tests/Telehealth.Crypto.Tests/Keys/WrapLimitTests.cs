namespace Telehealth.Crypto.Tests;

/// <summary>
/// Every key a key-encryption key version wraps is counted in the keyring store against
/// <see cref="KeyringOptions.MaxWrapsPerVersion"/> (AES-GCM with random IVs: 2^32 per key), across
/// nodes and restarts; wrapping stops at the bound and the census shows the count.
/// </summary>
public sealed class WrapLimitTests
{
    [Fact]
    public async Task Wraps_are_counted_in_the_store_and_refused_beyond_the_limit_on_every_path_and_after_a_restart()
    {
        using var directory = new TempDirectory();
        using var host = new KeyHost(directory, subjectKeys: true, keyring: o => o.MaxWrapsPerVersion = 6);
        host.Cipher.Encrypt("1"u8, Contexts.Note());                                  // data key
        await host.Cipher.EncryptAsync("2"u8.ToArray(), Contexts.Note());              // data key
        host.Cipher.Encrypt("3"u8, Contexts.Note(subject: "patient-1"));              // data key, index key, subject key
        Assert.Equal(5, (await host.Store.LoadAsync("default"))!.Find(1)!.WrapsReserved);

        // A restart: another keyring over the same store goes on from the stored count.
        using var restarted = new KeyHost(directory, host.MasterKey, host.Time, keyring: o => o.MaxWrapsPerVersion = 6);
        using var envelope = new MemoryStream();
        await restarted.Cipher.EncryptStreamAsync(new MemoryStream(Contexts.Bytes(10)), envelope, Contexts.Note());
        Assert.Equal(6, (await restarted.Store.LoadAsync("default"))!.Find(1)!.WrapsReserved);

        Assert.Equal("TH2102", Assert.Throws<CryptoException>(() => restarted.Cipher.Encrypt("x"u8, Contexts.Note())).Code);
        Assert.Equal("TH2102", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.EncryptAsync("x"u8.ToArray(), Contexts.Note()).AsTask())).Code);
        Assert.Equal("TH2102", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.CreateEncryptionStreamAsync(new MemoryStream(), Contexts.Note()).AsTask())).Code);
        Assert.Equal(6, (await host.Store.LoadAsync("default"))!.Find(1)!.WrapsReserved);

        var census = await host.Keyring.TakeCensusAsync();
        Assert.Equal(new KeyWrapCount("default", 1, 6, 6), Assert.Single(census.Wraps));

        // Rotation gives a version with a bound of its own; what was encrypted still decrypts.
        await host.RotateAsync();
        var fresh = host.Cipher.Encrypt("after rotation"u8, Contexts.Note());
        Assert.Equal(2, EnvelopeInfo.Read(fresh).KeyVersion);
        Assert.Equal("after rotation"u8.ToArray(), host.Cipher.Decrypt(fresh, Contexts.Note()));
    }

    [Fact]
    public async Task Rewrapping_counts_too_and_scheduled_rotation_starts_at_half_the_limit()
    {
        using var host = new KeyHost(keyring: o =>
        {
            o.MaxWrapsPerVersion = 4;
            o.RotationPeriod = TimeSpan.FromDays(90);
        });
        host.Cipher.Encrypt("a"u8, Contexts.Note());
        Assert.Equal(KeyRotationStep.None, await host.Keyring.RunScheduledRotationAsync());
        var b = host.Cipher.Encrypt("b"u8, Contexts.Note());
        Assert.Equal(KeyRotationStep.AddedPending, await host.Keyring.RunScheduledRotationAsync());
        Assert.Equal(KeyRotationStep.Promoted, await host.Keyring.RunScheduledRotationAsync());

        await host.Cipher.RewrapAsync(b);
        Assert.Equal(1, host.Keyring.Current.Find(2)!.WrapsReserved);
    }

    [Fact]
    public async Task At_the_default_limit_a_node_reserves_a_block_ahead_so_the_store_is_written_once_per_65536_wraps()
    {
        using var host = new KeyHost();
        var revision = host.Keyring.Current.Revision;
        for (var i = 0; i < 100; i++)
        {
            host.Cipher.Encrypt("x"u8, Contexts.Note());
        }

        var stored = (await host.Store.LoadAsync("default"))!;
        Assert.Equal(65_536, stored.Find(1)!.WrapsReserved);
        Assert.Equal(revision + 1, stored.Revision);
        Assert.Equal(1L << 32, new KeyringOptions().MaxWrapsPerVersion);
    }

    [Theory]
    [InlineData(0)]
    [InlineData((1L << 32) + 1)]
    public void The_limit_is_validated(long limit)
    {
        using var host = new KeyHost();
        Assert.Throws<ArgumentOutOfRangeException>("options", () => new Keyring(host.Store, [host.Provider], new KeyringOptions { MaxWrapsPerVersion = limit }));
    }
}
