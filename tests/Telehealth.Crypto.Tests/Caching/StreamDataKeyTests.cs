namespace Telehealth.Crypto.Tests;

/// <summary>
/// A stream's length is unknown when it starts, so it cannot be counted against a cached data key's byte
/// limit: every stream gets a data key of its own, and the cache's limits hold for messages.
/// </summary>
public sealed class StreamDataKeyTests
{
    [Fact]
    public async Task Streams_never_share_a_cached_data_key_and_do_not_use_up_the_cache()
    {
        using var host = new KeyHost(cipher: o =>
        {
            o.DataKeyCaching.Enabled = true;
            o.DataKeyCaching.MaxBytes = 4096;
        });
        var first = host.Cipher.Encrypt(Contexts.Bytes(100), Contexts.Note());
        var wrapsAfterFirstMessage = host.Provider.Wraps;

        var streams = new List<byte[]>();
        for (var i = 0; i < 2; i++)
        {
            using var envelope = new MemoryStream();
            await host.Cipher.EncryptStreamAsync(new MemoryStream(Contexts.Bytes(1 << 20)), envelope, Contexts.Note($"recording-{i}"));
            streams.Add(envelope.ToArray());
        }

        Assert.Equal(wrapsAfterFirstMessage + 2, host.Provider.Wraps);
        Assert.NotEqual(WrappedKeyOf(first), WrappedKeyOf(streams[0]));
        Assert.NotEqual(WrappedKeyOf(streams[0]), WrappedKeyOf(streams[1]));

        // Two MiB went into streams, yet the cached key has counted only the messages' bytes.
        var second = host.Cipher.Encrypt(Contexts.Bytes(100), Contexts.Note("note-2"));
        Assert.Equal(WrappedKeyOf(first), WrappedKeyOf(second));
        Assert.Equal(wrapsAfterFirstMessage + 2, host.Provider.Wraps);

        var third = host.Cipher.Encrypt(Contexts.Bytes(4000), Contexts.Note("note-3"));
        Assert.NotEqual(WrappedKeyOf(first), WrappedKeyOf(third));
    }

    private static byte[] WrappedKeyOf(byte[] envelope)
    {
        var layout = EnvelopeLayout.Read(envelope, requireBody: false);
        return envelope.AsSpan(layout.WrappedKeyOffset, layout.WrappedKeyLength).ToArray();
    }
}
