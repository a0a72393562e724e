namespace Telehealth.Crypto.Tests;

/// <summary>What a cached data key may cover, and how long it stays in memory.</summary>
public sealed class DataKeyCacheScopeTests
{
    [Fact]
    public void Idle_cached_keys_leave_memory_at_MaxAge_without_being_touched()
    {
        using var host = new KeyHost(cipher: o =>
        {
            o.DataKeyCaching.Enabled = true;
            o.DataKeyCaching.MaxAge = TimeSpan.FromMinutes(5);
        });
        using var other = new KeyHost(directory: host.Directory, masterKey: host.MasterKey, time: host.Time);
        host.Cipher.Encrypt("x"u8, Contexts.Note());
        host.Time.Advance(TimeSpan.FromMinutes(2));
        host.Cipher.Decrypt(other.Cipher.Encrypt("y"u8, Contexts.Note()), Contexts.Note());
        Assert.Equal(2, host.Cipher.CachedDataKeys);

        host.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(1, CachedAfterTimersRan(host));
        host.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, CachedAfterTimersRan(host));
    }

    [Fact]
    public void A_cached_data_key_never_covers_two_tenants()
    {
        using var host = new KeyHost(cipher: o => o.DataKeyCaching.Enabled = true);
        var a1 = host.Cipher.Encrypt("a1"u8, new EncryptionContext("clinic-a", "visit-note", "1", "storage"));
        var b1 = host.Cipher.Encrypt("b1"u8, new EncryptionContext("clinic-b", "visit-note", "1", "storage"));
        var a2 = host.Cipher.Encrypt("a2"u8, new EncryptionContext("clinic-a", "visit-note", "2", "storage"));
        var b2 = host.Cipher.Encrypt("b2"u8, new EncryptionContext("clinic-b", "visit-note", "2", "storage"));

        Assert.Equal(WrappedKeyOf(a1), WrappedKeyOf(a2));
        Assert.Equal(WrappedKeyOf(b1), WrappedKeyOf(b2));
        Assert.NotEqual(WrappedKeyOf(a1), WrappedKeyOf(b1));
        Assert.Equal(2, host.Provider.Wraps);
        Assert.Equal("b2"u8.ToArray(), host.Cipher.Decrypt(b2, new EncryptionContext("clinic-b", "visit-note", "2", "storage")));
        Assert.Equal("TH2005", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(a2, new EncryptionContext("clinic-b", "visit-note", "2", "storage"))).Code);
    }

    [Fact]
    public void Past_MaxDecryptionEntries_the_oldest_key_leaves_first()
    {
        using var writer = new KeyHost();
        var envelopes = Enumerable.Range(0, 5).Select(i => writer.Cipher.Encrypt("x"u8, Contexts.Note($"n{i}"))).ToList();
        using var reader = new KeyHost(directory: writer.Directory, masterKey: writer.MasterKey, time: writer.Time, cipher: o =>
        {
            o.DataKeyCaching.Enabled = true;
            o.DataKeyCaching.MaxDecryptionEntries = 3;
        });
        for (var i = 0; i < 5; i++)
        {
            reader.Cipher.Decrypt(envelopes[i], Contexts.Note($"n{i}"));
            writer.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, reader.Cipher.CachedDataKeys);
        var unwraps = reader.Provider.Unwraps;
        reader.Cipher.Decrypt(envelopes[4], Contexts.Note("n4"));
        reader.Cipher.Decrypt(envelopes[2], Contexts.Note("n2"));
        Assert.Equal(unwraps, reader.Provider.Unwraps);
        reader.Cipher.Decrypt(envelopes[0], Contexts.Note("n0"));
        Assert.Equal(unwraps + 1, reader.Provider.Unwraps);
    }

    /// <summary>
    /// The fake clock fires due timers on whichever thread wakes it; when a background thread (the audit
    /// writer, a keyring refresh) is waking it at the moment the test advances, the due timer runs a little
    /// later. Advancing by zero wakes it again without moving the clock.
    /// </summary>
    private static int CachedAfterTimersRan(KeyHost host)
    {
        var before = host.Cipher.CachedDataKeys;
        SpinWait.SpinUntil(() =>
        {
            host.Time.Advance(TimeSpan.Zero);
            return host.Cipher.CachedDataKeys != before;
        }, TimeSpan.FromSeconds(2));
        return host.Cipher.CachedDataKeys;
    }

    private static byte[] WrappedKeyOf(byte[] envelope)
    {
        var layout = EnvelopeLayout.Read(envelope, requireBody: true);
        return envelope.AsSpan(layout.WrappedKeyOffset, layout.WrappedKeyLength).ToArray();
    }
}
