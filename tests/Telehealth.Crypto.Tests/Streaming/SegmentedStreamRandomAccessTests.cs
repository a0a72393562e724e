using static Telehealth.Crypto.Tests.Streaming.StreamingFixture;

namespace Telehealth.Crypto.Tests.Streaming;

public sealed class SegmentedStreamRandomAccessTests
{
    private const int SegmentSize = 32;
    private const int Stride = SegmentSize + TagSize;

    [Fact]
    public void Reads_at_every_offset_return_exactly_the_plaintext_bytes()
    {
        var plaintext = Plaintext((5 * SegmentSize) + 7, seed: 11);
        var ciphertext = Encrypt(plaintext, SegmentSize);
        using var stream = new SegmentedDecryptionStream(new MemoryStream(ciphertext), Key, AssociatedData, leaveOpen: false);

        Assert.True(stream.CanSeek);
        Assert.Equal(plaintext.Length, stream.Length);
        foreach (var offset in Enumerable.Range(0, plaintext.Length + 1))
        {
            foreach (var count in new[] { 1, 5, SegmentSize - 1, SegmentSize, SegmentSize + 1, 100 })
            {
                stream.Position = offset;
                var buffer = new byte[count];
                var read = stream.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
                var expected = plaintext.AsSpan(offset, Math.Min(count, plaintext.Length - offset)).ToArray();
                Assert.Equal(expected, buffer[..read]);
                Assert.Equal(offset + read, stream.Position);
            }
        }
    }

    [Fact]
    public async Task Async_reads_at_offsets_return_exactly_the_plaintext_bytes()
    {
        var plaintext = Plaintext((4 * SegmentSize) + 3, seed: 12);
        var ciphertext = Encrypt(plaintext, SegmentSize);
        await using var stream = new SegmentedDecryptionStream(new MemoryStream(ciphertext), Key, AssociatedData, leaveOpen: false);

        foreach (var offset in new[] { 0, 1, 31, 32, 33, 63, 64, 100, plaintext.Length - 1 })
        {
            stream.Seek(offset, SeekOrigin.Begin);
            var buffer = new byte[40];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
            Assert.Equal(plaintext.AsSpan(offset, Math.Min(40, plaintext.Length - offset)).ToArray(), buffer[..read]);
        }

        Assert.Equal(0, await stream.ReadAsync(new byte[4]));
    }

    [Fact]
    public void Seek_from_end_and_current_and_the_last_byte()
    {
        var plaintext = Plaintext((3 * SegmentSize) + 9, seed: 13);
        using var stream = new SegmentedDecryptionStream(new MemoryStream(Encrypt(plaintext, SegmentSize)), Key, AssociatedData, leaveOpen: false);

        Assert.Equal(plaintext.Length - 1, stream.Seek(-1, SeekOrigin.End));
        Assert.Equal(plaintext[^1], stream.ReadByte());
        Assert.Equal(-1, stream.ReadByte());

        stream.Seek(-(SegmentSize + 2), SeekOrigin.End);
        stream.Seek(1, SeekOrigin.Current);
        Assert.Equal(plaintext[^(SegmentSize + 1)], stream.ReadByte());

        stream.Position = plaintext.Length + 100;
        Assert.Equal(0, stream.Read(new byte[8]));
        Assert.Throws<IOException>(() => stream.Seek(-1, SeekOrigin.Begin));
    }

    [Fact]
    public void A_read_decrypts_only_the_segments_it_needs()
    {
        var plaintext = Plaintext(10 * SegmentSize, seed: 14);
        var ciphertext = Encrypt(plaintext, SegmentSize);
        var counting = new CountingStream(new MemoryStream(ciphertext));
        using var stream = new SegmentedDecryptionStream(counting, Key, AssociatedData, leaveOpen: false);
        Assert.Equal(plaintext.Length, stream.Length);
        Assert.Equal(HeaderSize, counting.BytesRead);

        // Inside segment 6: exactly that segment.
        counting.Reset();
        stream.Position = (6 * SegmentSize) + 3;
        Assert.Equal(plaintext[(6 * SegmentSize) + 3], stream.ReadByte());
        Assert.Equal(Stride, counting.BytesRead);
        Assert.Equal([HeaderSize + (6 * Stride)], counting.ReadOffsets);

        // The rest of the same segment is served without reading again.
        counting.Reset();
        Assert.Equal(plaintext[(6 * SegmentSize) + 4], stream.ReadByte());
        Assert.Equal(0, counting.BytesRead);

        // Across the boundary of segments 2 and 3: those two only.
        counting.Reset();
        stream.Position = (3 * SegmentSize) - 2;
        var buffer = new byte[4];
        stream.ReadExactly(buffer);
        Assert.Equal(plaintext.AsSpan((3 * SegmentSize) - 2, 4).ToArray(), buffer);
        Assert.Equal(2 * Stride, counting.BytesRead);
        Assert.Equal([HeaderSize + (2 * Stride), HeaderSize + (3 * Stride)], counting.ReadOffsets);

        // The last byte: the final segment only.
        counting.Reset();
        stream.Seek(-1, SeekOrigin.End);
        Assert.Equal(plaintext[^1], stream.ReadByte());
        Assert.Equal(Stride, counting.BytesRead);
    }

    [Fact]
    public void Reads_only_one_segment_of_a_large_stream_at_the_default_segment_size()
    {
        var plaintext = Plaintext(64 * 65536, seed: 15);
        using var encrypted = new MemoryStream();
        using (var writer = new SegmentedEncryptionStream(encrypted, Key, AssociatedData, new StreamEncryptionOptions(), leaveOpen: true))
        {
            writer.Write(plaintext);
            writer.Complete();
        }

        var counting = new CountingStream(new MemoryStream(encrypted.ToArray()));
        using var stream = new SegmentedDecryptionStream(counting, Key, AssociatedData, leaveOpen: false);
        stream.Position = (37 * 65536) + 12345;
        var buffer = new byte[1000];
        stream.ReadExactly(buffer);

        Assert.Equal(plaintext.AsSpan((37 * 65536) + 12345, 1000).ToArray(), buffer);
        Assert.Equal(HeaderSize + 65536 + TagSize, counting.BytesRead);
    }

    [Fact]
    public void The_header_may_follow_a_caller_header_in_the_source()
    {
        var callerHeader = "CALLER-ENVELOPE-HEADER"u8.ToArray();
        var plaintext = Plaintext((2 * SegmentSize) + 1, seed: 16);
        var source = new MemoryStream(Concat(callerHeader, Encrypt(plaintext, SegmentSize)));
        source.Position = callerHeader.Length;
        using var stream = new SegmentedDecryptionStream(source, Key, AssociatedData, leaveOpen: false);

        Assert.Equal(plaintext.Length, stream.Length);
        stream.Position = SegmentSize;
        Assert.Equal(plaintext[SegmentSize], stream.ReadByte());
        stream.Position = 0;
        using var all = new MemoryStream();
        stream.CopyTo(all);
        Assert.Equal(plaintext, all.ToArray());
    }

    [Fact]
    public void A_sequential_reader_cannot_seek()
    {
        using var stream = new SegmentedDecryptionStream(new NonSeekableStream(new MemoryStream(Encrypt([1], SegmentSize))), Key, AssociatedData, leaveOpen: false);

        Assert.False(stream.CanSeek);
        Assert.Throws<NotSupportedException>(() => stream.Position = 1);
        Assert.Throws<NotSupportedException>(() => stream.Seek(0, SeekOrigin.Begin));
    }
}
