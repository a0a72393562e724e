namespace Telehealth.Crypto.Tests;

public sealed class DataKeyCacheTests
{
    private static byte[] WrappedKeyOf(byte[] envelope)
    {
        var layout = EnvelopeLayout.Read(envelope, requireBody: true);
        return envelope.AsSpan(layout.WrappedKeyOffset, layout.WrappedKeyLength).ToArray();
    }

    [Fact]
    public void Without_caching_every_message_gets_a_fresh_wrapped_data_key()
    {
        using var host = new KeyHost();
        var a = host.Cipher.Encrypt("a"u8, Contexts.Note());
        var b = host.Cipher.Encrypt("b"u8, Contexts.Note());
        Assert.NotEqual(WrappedKeyOf(a), WrappedKeyOf(b));
        Assert.Equal(2, host.Provider.Wraps);
        host.Cipher.Decrypt(a, Contexts.Note());
        host.Cipher.Decrypt(a, Contexts.Note());
        Assert.Equal(2, host.Provider.Unwraps);
    }

    [Fact]
    public void With_caching_the_provider_is_reached_once_per_data_key_and_messages_still_differ()
    {
        using var host = new KeyHost(cipher: o => o.DataKeyCaching.Enabled = true);
        var envelopes = Enumerable.Range(0, 50).Select(i => host.Cipher.Encrypt(Contexts.Bytes(100, i), Contexts.Note())).ToList();
        Assert.Equal(1, host.Provider.Wraps);
        Assert.Single(envelopes.Select(e => Convert.ToHexString(WrappedKeyOf(e))).Distinct());
        Assert.Equal(50, envelopes.Select(e => Convert.ToHexString(e.AsSpan(e.Length - 16))).Distinct().Count());
        for (var i = 0; i < envelopes.Count; i++)
        {
            Assert.Equal(Contexts.Bytes(100, i), host.Cipher.Decrypt(envelopes[i], Contexts.Note()));
        }

        Assert.Equal(0, host.Provider.Unwraps);
    }

    [Fact]
    public void The_message_limit_retires_a_data_key()
    {
        using var host = new KeyHost(cipher: o =>
        {
            o.DataKeyCaching.Enabled = true;
            o.DataKeyCaching.MaxMessages = 3;
        });
        var keys = Enumerable.Range(0, 7).Select(_ => Convert.ToHexString(WrappedKeyOf(host.Cipher.Encrypt("x"u8, Contexts.Note())))).ToList();
        Assert.Equal([keys[0], keys[0], keys[0], keys[3], keys[3], keys[3], keys[6]], keys);
        Assert.Equal(3, keys.Distinct().Count());
    }

    [Fact]
    public void The_byte_limit_retires_a_data_key()
    {
        using var host = new KeyHost(cipher: o =>
        {
            o.DataKeyCaching.Enabled = true;
            o.DataKeyCaching.MaxBytes = 250;
        });
        var keys = Enumerable.Range(0, 4).Select(_ => Convert.ToHexString(WrappedKeyOf(host.Cipher.Encrypt(new byte[100], Contexts.Note())))).ToList();
        Assert.Equal(keys[0], keys[1]);
        Assert.NotEqual(keys[1], keys[2]);
        Assert.Equal(keys[2], keys[3]);
    }

    [Fact]
    public void The_age_limit_retires_a_data_key_for_encryption_and_decryption()
    {
        using var host = new KeyHost(cipher: o =>
        {
            o.DataKeyCaching.Enabled = true;
            o.DataKeyCaching.MaxAge = TimeSpan.FromMinutes(5);
        });
        var first = host.Cipher.Encrypt("x"u8, Contexts.Note());
        host.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(WrappedKeyOf(first), WrappedKeyOf(host.Cipher.Encrypt("x"u8, Contexts.Note())));
        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotEqual(WrappedKeyOf(first), WrappedKeyOf(host.Cipher.Encrypt("x"u8, Contexts.Note())));
        host.Cipher.Decrypt(first, Contexts.Note());
        Assert.Equal(1, host.Provider.Unwraps);
    }

    [Fact]
    public async Task A_cached_key_never_outlives_its_key_version_state()
    {
        using var host = new KeyHost(cipher: o => o.DataKeyCaching.Enabled = true);
        var envelope = host.Cipher.Encrypt("x"u8, Contexts.Note());
        await host.RotateAsync();
        Assert.Equal(2, EnvelopeInfo.Read(host.Cipher.Encrypt("y"u8, Contexts.Note())).KeyVersion);
        await host.Keyring.DisableAsync(1);
        Assert.Equal("TH2032", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(envelope, Contexts.Note())).Code);
    }

    [Fact]
    public async Task Decryption_fills_the_cache_so_repeated_reads_skip_the_provider()
    {
        using var writer = new KeyHost();
        var envelope = writer.Cipher.Encrypt("x"u8, Contexts.Note());
        using var readerProvider = new LocalKeyEncryptionKeyProvider(writer.MasterKey);
        var counting = new CountingProvider(readerProvider);
        var options = new EnvelopeCipherOptions();
        options.DataKeyCaching.Enabled = true;
        options.DataKeyCaching.MaxDecryptionEntries = 2;
        using var reader = new EnvelopeCipher(new Keyring(writer.Store, [counting], new KeyringOptions()), options);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("x"u8.ToArray(), await reader.DecryptAsync(envelope, Contexts.Note()));
        }

        Assert.Equal(1, counting.Unwraps);
        var others = Enumerable.Range(0, 3).Select(_ => writer.Cipher.Encrypt("o"u8, Contexts.Note())).ToList();
        others.ForEach(o => reader.Decrypt(o, Contexts.Note()));
        reader.Decrypt(envelope, Contexts.Note());
        Assert.Equal(5, counting.Unwraps);
    }

    [Theory]
    [InlineData((byte)0x01)]
    [InlineData((byte)0x02)]
    public void The_span_path_with_a_cached_data_key_allocates_nothing(byte suiteId)
    {
        AlgorithmSuite.TryFromId(suiteId, out var suite);
        using var host = new KeyHost(keyring: o => o.RefreshInterval = TimeSpan.FromHours(1), cipher: o =>
        {
            o.Suite = suite!;
            o.DataKeyCaching.Enabled = true;
        });
        var context = Contexts.Note();
        var plaintext = Contexts.Bytes(1024);
        var envelope = new byte[host.Cipher.GetMaxEnvelopeLength(plaintext.Length)];
        var output = new byte[plaintext.Length];
        for (var i = 0; i < 3; i++)
        {
            var warm = host.Cipher.Encrypt(plaintext, envelope, context);
            host.Cipher.Decrypt(envelope.AsSpan(0, warm), output, context);
        }

        Allocations.AssertNone(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                var written = host.Cipher.Encrypt(plaintext, envelope, context);
                host.Cipher.Decrypt(envelope.AsSpan(0, written), output, context);
            }
        });
        Assert.Equal(plaintext, output);
        Assert.Equal(1, host.Provider.Wraps);
    }
}
