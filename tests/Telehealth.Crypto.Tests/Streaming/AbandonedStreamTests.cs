using System.IO.Pipelines;
using Telehealth.Crypto.Tests.Streaming;

namespace Telehealth.Crypto.Tests;

/// <summary>
/// Only an explicit completion ends a stream: a writer given up halfway (an exception inside
/// <c>await using</c>, a crashed upload) must leave output that fails as truncated, never output that
/// decrypts cleanly to a shorter plaintext.
/// </summary>
public sealed class AbandonedStreamTests
{
    private static readonly StreamEncryptionOptions SmallSegments = new() { SegmentSize = 4096 };

    public static TheoryData<int, bool> Cases => new()
    {
        { 0, true }, { 0, false },
        { 100, true }, { 100, false },
        { 4096, true }, { 4096, false },
        { 3 * 4096, true }, { 3 * 4096, false },
        { 10_000, true }, { 10_000, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_writer_disposed_without_completing_leaves_a_stream_that_fails_as_truncated(int written, bool asynchronous)
    {
        using var host = new KeyHost();
        using var envelope = new MemoryStream();
        var plaintext = Contexts.Bytes(written);
        await Assert.ThrowsAsync<IOException>(async () =>
        {
            if (asynchronous)
            {
                await using var writer = await host.Cipher.CreateEncryptionStreamAsync(envelope, Contexts.Note(), SmallSegments, leaveOpen: true);
                await writer.WriteAsync(plaintext);
                throw new IOException("the upload was aborted");
            }
            else
            {
                using var writer = await host.Cipher.CreateEncryptionStreamAsync(envelope, Contexts.Note(), SmallSegments, leaveOpen: true);
                writer.Write(plaintext);
                throw new IOException("the upload was aborted");
            }
        });

        var abandoned = envelope.ToArray();
        Assert.Equal("TH2052", (await ReadAllFailsAsync(host, new MemoryStream(abandoned))).Code);
        Assert.Equal("TH2052", (await ReadAllFailsAsync(host, new NonSeekableStream(new MemoryStream(abandoned)))).Code);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(abandoned);
        await pipe.Writer.CompleteAsync();
        var sink = new Pipe();
        Assert.Equal("TH2052", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.DecryptStreamAsync(pipe.Reader, sink.Writer, Contexts.Note()))).Code);
    }

    [Fact]
    public async Task A_completed_stream_still_decrypts_and_disposing_after_completion_writes_nothing()
    {
        using var host = new KeyHost();
        using var envelope = new MemoryStream();
        var plaintext = Contexts.Bytes(3 * 4096);
        await using (var writer = await host.Cipher.CreateEncryptionStreamAsync(envelope, Contexts.Note(), SmallSegments, leaveOpen: true))
        {
            await writer.WriteAsync(plaintext);
            await writer.CompleteAsync();
        }

        envelope.Position = 0;
        await using var reader = await host.Cipher.OpenDecryptionStreamAsync(envelope, Contexts.Note());
        using var output = new MemoryStream();
        await reader.CopyToAsync(output);
        Assert.Equal(plaintext, output.ToArray());
    }

    private static async Task<CryptoException> ReadAllFailsAsync(KeyHost host, Stream source) =>
        await Assert.ThrowsAsync<CryptoException>(async () =>
        {
            await using var reader = await host.Cipher.OpenDecryptionStreamAsync(source, Contexts.Note());
            await reader.CopyToAsync(Stream.Null);
        });
}
