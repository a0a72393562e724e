using System.IO.Pipelines;

namespace Telehealth.Crypto.Tests;

/// <summary>Streams honour <see cref="EnvelopeCipherOptions.AllowedSuites"/>: a cipher never writes a stream it would refuse to read.</summary>
public sealed class StreamSuitePolicyTests
{
    [Fact]
    public async Task A_cipher_that_forbids_the_stream_suite_refuses_to_encrypt_a_stream_and_writes_nothing()
    {
        using var host = new KeyHost(cipher: o =>
        {
            o.Suite = AlgorithmSuite.XChaCha20Poly1305HkdfSha256;
            o.AllowedSuites.Add(AlgorithmSuite.XChaCha20Poly1305HkdfSha256);
        });

        using var created = new MemoryStream();
        Assert.Equal("TH2004", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.CreateEncryptionStreamAsync(created, Contexts.Note()).AsTask())).Code);
        using var whole = new MemoryStream();
        Assert.Equal("TH2004", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.EncryptStreamAsync(new MemoryStream(Contexts.Bytes(10)), whole, Contexts.Note()))).Code);
        var pipe = new Pipe();
        var error = await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.EncryptStreamAsync(PipeReader.Create(new MemoryStream(Contexts.Bytes(10))), pipe.Writer, Contexts.Note()));
        Assert.Equal("TH2004", error.Code);
        Assert.Contains("AES-256-GCM", error.Message, StringComparison.Ordinal);

        Assert.Equal(0, created.Length);
        Assert.Equal(0, whole.Length);
        await pipe.Writer.CompleteAsync();
        Assert.True((await pipe.Reader.ReadAsync()).Buffer.IsEmpty);
    }

    [Fact]
    public async Task A_cipher_that_prefers_XChaCha_for_messages_still_streams_under_the_allowed_AES_suite_and_reads_it_back()
    {
        using var host = new KeyHost(cipher: o =>
        {
            o.Suite = AlgorithmSuite.XChaCha20Poly1305HkdfSha256;
            o.AllowedSuites.Add(AlgorithmSuite.XChaCha20Poly1305HkdfSha256);
            o.AllowedSuites.Add(AlgorithmSuite.Aes256GcmHkdfSha256);
        });
        var plaintext = Contexts.Bytes(10_000);
        using var envelope = new MemoryStream();
        await host.Cipher.EncryptStreamAsync(new MemoryStream(plaintext), envelope, Contexts.Note());

        Assert.Equal(AlgorithmSuite.Aes256GcmHkdfSha256, EnvelopeInfo.Read(envelope.ToArray()).Suite);
        envelope.Position = 0;
        await using var reader = await host.Cipher.OpenDecryptionStreamAsync(envelope, Contexts.Note());
        using var output = new MemoryStream();
        await reader.CopyToAsync(output);
        Assert.Equal(plaintext, output.ToArray());
    }
}
