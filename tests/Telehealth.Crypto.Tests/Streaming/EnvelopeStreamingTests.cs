using System.IO.Pipelines;

namespace Telehealth.Crypto.Tests;

/// <summary>Streamed envelopes through <see cref="IEnvelopeCipher"/>: header, keys and the segmented body together.</summary>
public sealed class EnvelopeStreamingTests
{
    private static readonly StreamEncryptionOptions SmallSegments = new() { SegmentSize = 4096 };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(100_000)]
    public async Task A_recording_round_trips_through_the_stream_api(int size)
    {
        using var host = new KeyHost(subjectKeys: true);
        var context = new EncryptionContext("clinic-a", "recording", "visit-9", "storage", "patient-3");
        var plaintext = Contexts.Bytes(size);
        using var envelope = new MemoryStream();
        await using (var writer = await host.Cipher.CreateEncryptionStreamAsync(envelope, context, SmallSegments, leaveOpen: true))
        {
            await writer.WriteAsync(plaintext);
            await writer.CompleteAsync();
        }

        var info = EnvelopeInfo.Read(envelope.ToArray());
        Assert.True(info.IsStream);
        Assert.True(info.HasSubjectKey);
        Assert.Equal(-1, info.PlaintextLength);

        envelope.Position = 0;
        await using var reader = await host.Cipher.OpenDecryptionStreamAsync(envelope, context);
        using var output = new MemoryStream();
        await reader.CopyToAsync(output);
        Assert.Equal(plaintext, output.ToArray());
    }

    [Fact]
    public async Task A_seekable_stream_reads_any_range_exactly()
    {
        using var host = new KeyHost();
        var plaintext = Contexts.Bytes(50_000);
        using var envelope = new MemoryStream();
        await host.Cipher.EncryptStreamAsync(new MemoryStream(plaintext), envelope, Contexts.Note(), new StreamEncryptionOptions { SegmentSize = 4096, MaxDegreeOfParallelism = 2 });
        envelope.Position = 0;
        await using var reader = await host.Cipher.OpenDecryptionStreamAsync(envelope, Contexts.Note(), leaveOpen: true);
        Assert.True(reader.CanSeek);
        Assert.Equal(plaintext.Length, reader.Length);
        foreach (var (offset, count) in new[] { (0, 10), (4090, 20), (49_990, 10), (12_345, 8000) })
        {
            reader.Position = offset;
            var buffer = new byte[count];
            await reader.ReadExactlyAsync(buffer);
            Assert.Equal(plaintext.AsSpan(offset, count).ToArray(), buffer);
        }
    }

    [Fact]
    public async Task The_pipe_paths_round_trip()
    {
        using var host = new KeyHost();
        var plaintext = Contexts.Bytes(70_000);
        var encrypted = new Pipe();
        var decrypted = new Pipe();
        using var output = new MemoryStream();
        await Task.WhenAll(
            Task.Run(async () =>
            {
                await host.Cipher.EncryptStreamAsync(PipeReader.Create(new MemoryStream(plaintext)), encrypted.Writer, Contexts.Note(), SmallSegments);
                await encrypted.Writer.CompleteAsync();
            }),
            Task.Run(async () =>
            {
                await host.Cipher.DecryptStreamAsync(encrypted.Reader, decrypted.Writer, Contexts.Note());
                await decrypted.Writer.CompleteAsync();
            }),
            Task.Run(() => decrypted.Reader.CopyToAsync(output)));
        Assert.Equal(plaintext, output.ToArray());
    }

    [Fact]
    public async Task A_stream_under_another_context_or_spliced_header_is_refused()
    {
        using var host = new KeyHost();
        var envelope = await EncryptAsync(host, Contexts.Bytes(10_000));
        await using (var reader = await host.Cipher.OpenDecryptionStreamAsync(new MemoryStream(envelope), Contexts.Note("other")))
        {
            Assert.Equal("TH2051", (await Assert.ThrowsAsync<CryptoException>(() => reader.CopyToAsync(Stream.Null))).Code);
        }

        var other = await EncryptAsync(host, Contexts.Bytes(10));
        var layout = EnvelopeLayout.Read(envelope, requireBody: false);
        other.AsSpan(layout.WrappedKeyOffset, layout.WrappedKeyLength).CopyTo(envelope.AsSpan(layout.WrappedKeyOffset));
        Assert.Equal("TH2006", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.OpenDecryptionStreamAsync(new MemoryStream(envelope), Contexts.Note()).AsTask())).Code);
    }

    [Fact]
    public async Task Every_truncation_of_the_header_is_refused_and_messages_and_streams_are_not_confused()
    {
        using var host = new KeyHost();
        var envelope = await EncryptAsync(host, Contexts.Bytes(100));
        var headerLength = EnvelopeInfo.Read(envelope).HeaderLength;
        for (var length = 0; length < headerLength; length++)
        {
            Assert.Equal("TH2001", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.OpenDecryptionStreamAsync(new MemoryStream(envelope[..length]), Contexts.Note()).AsTask())).Code);
        }

        Assert.Equal("TH2001", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(envelope, Contexts.Note())).Code);
        var message = host.Cipher.Encrypt(Contexts.Bytes(100), Contexts.Note());
        Assert.Equal("TH2001", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.OpenDecryptionStreamAsync(new MemoryStream(message), Contexts.Note()).AsTask())).Code);
    }

    [Fact]
    public async Task A_streamed_recording_is_rewrapped_by_its_header_alone()
    {
        using var host = new KeyHost();
        var plaintext = Contexts.Bytes(20_000);
        var envelope = await EncryptAsync(host, plaintext);
        await host.RotateAsync();
        var rewrap = await host.Cipher.RewrapAsync(envelope);
        var moved = rewrap.Apply(envelope);
        Assert.Equal(2, EnvelopeInfo.Read(moved).KeyVersion);
        await host.Keyring.DisableAsync(1);
        await using var reader = await host.Cipher.OpenDecryptionStreamAsync(new MemoryStream(moved), Contexts.Note());
        using var output = new MemoryStream();
        await reader.CopyToAsync(output);
        Assert.Equal(plaintext, output.ToArray());
    }

    private static async Task<byte[]> EncryptAsync(KeyHost host, byte[] plaintext)
    {
        using var envelope = new MemoryStream();
        await host.Cipher.EncryptStreamAsync(new MemoryStream(plaintext), envelope, Contexts.Note(), SmallSegments);
        return envelope.ToArray();
    }

    [Fact]
    public async Task Every_single_bit_flip_of_a_stream_header_and_hostile_lengths_are_refused()
    {
        using var host = new KeyHost();
        var envelope = await EncryptAsync(host, Contexts.Bytes(100));
        var headerLength = EnvelopeInfo.Read(envelope).HeaderLength;
        for (var bit = 0; bit < headerLength * 8; bit++)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            await Assert.ThrowsAsync<CryptoException>(async () =>
            {
                await using var reader = await host.Cipher.OpenDecryptionStreamAsync(new MemoryStream(tampered), Contexts.Note());
                await reader.CopyToAsync(Stream.Null);
            });
        }

        var idLength = envelope[7];
        foreach (var (index, value, code) in new[] { (7, 0, "TH2001"), (7, 0xFF, "TH2001"), (5, 0x7F, "TH2003"), (4, 9, "TH2002") })
        {
            var hostile = (byte[])envelope.Clone();
            hostile[index] = (byte)value;
            Assert.Equal(code, (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.OpenDecryptionStreamAsync(new MemoryStream(hostile), Contexts.Note()).AsTask())).Code);
        }

        foreach (var wrappedLength in new ushort[] { 0, 0xFFFF })
        {
            var hostile = (byte[])envelope.Clone();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(hostile.AsSpan(8 + idLength + 4), wrappedLength);
            Assert.Equal("TH2001", (await Assert.ThrowsAsync<CryptoException>(() => host.Cipher.OpenDecryptionStreamAsync(new MemoryStream(hostile), Contexts.Note()).AsTask())).Code);
        }
    }
}
