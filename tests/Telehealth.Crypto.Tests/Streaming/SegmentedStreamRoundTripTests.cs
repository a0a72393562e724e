using static Telehealth.Crypto.Tests.Streaming.StreamingFixture;

namespace Telehealth.Crypto.Tests.Streaming;

public sealed class SegmentedStreamRoundTripTests
{
    public static TheoryData<int, int> Sizes()
    {
        var data = new TheoryData<int, int>();
        foreach (var segment in new[] { 16, 33, 4096 })
        {
            foreach (var length in new[] { 0, 1, segment - 1, segment, segment + 1, 2 * segment, (7 * segment) + 5 })
            {
                data.Add(segment, length);
            }
        }

        data.Add(65536, (3 * 65536) + 1000);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Round_trips_with_sequential_and_seekable_readers(int segmentSize, int length)
    {
        var plaintext = Plaintext(length, seed: length);
        var ciphertext = Encrypt(plaintext, segmentSize);

        Assert.Equal(HeaderSize + length + (SegmentCount(length, segmentSize) * TagSize), ciphertext.Length);
        Assert.Equal(plaintext, Decrypt(ciphertext, seekable: false));
        Assert.Equal(plaintext, Decrypt(ciphertext, seekable: true));
        Assert.Equal(plaintext, Decrypt(ciphertext, seekable: false, readChunk: 7));
        Assert.Equal(plaintext, Decrypt(ciphertext, seekable: true, readChunk: segmentSize + 3));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Round_trips_asynchronously(int segmentSize, int length)
    {
        var plaintext = Plaintext(length, seed: length + 7);
        using var destination = new MemoryStream();
        var options = new StreamEncryptionOptions { SegmentSize = Math.Max(segmentSize, StreamEncryptionOptions.MinSegmentSize) };
        await using (var stream = new SegmentedEncryptionStream(destination, Key, AssociatedData, options, leaveOpen: true))
        {
            await stream.WriteAsync(plaintext.AsMemory(0, length / 2));
            await stream.WriteAsync(plaintext.AsMemory(length / 2));
            await stream.CompleteAsync();
        }

        var ciphertext = destination.ToArray();
        Assert.Equal(plaintext, await DecryptAsync(ciphertext, seekable: false));
        Assert.Equal(plaintext, await DecryptAsync(ciphertext, seekable: true));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(1000)]
    public void Output_does_not_depend_on_how_writes_are_split(int writeChunk)
    {
        var plaintext = Plaintext(16 * 9, seed: 3);
        var ciphertext = Encrypt(plaintext, 16, writeChunk: writeChunk);

        Assert.Equal(HeaderSize + (9 * (16 + TagSize)), ciphertext.Length);
        Assert.Equal(plaintext, Decrypt(ciphertext, seekable: false));
    }

    [Theory]
    [InlineData(16 * 4)]
    [InlineData((16 * 4) + 3)]
    public async Task Segment_sized_writes_sealed_before_the_end_is_known_give_the_same_bytes_sync_async_and_completed(int length)
    {
        // Whole-segment writes are sealed from the caller's buffer before the stream knows whether more
        // follows; when the stream then ends on a segment boundary, the last one is re-sealed as final.
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var prefix = System.Security.Cryptography.RandomNumberGenerator.GetBytes(7);
        var plaintext = Plaintext(length, seed: 11);
        using var oneWrite = new MemoryStream();
        using (var stream = new SegmentedEncryptionStream(oneWrite, Key, AssociatedData, 16, salt, prefix, leaveOpen: true))
        {
            stream.Write(plaintext.AsSpan(0, 1));
            stream.Write(plaintext.AsSpan(1));
            stream.Complete();
        }

        using var segmentWrites = new MemoryStream();
        using (var stream = new SegmentedEncryptionStream(segmentWrites, Key, AssociatedData, 16, salt, prefix, leaveOpen: true))
        {
            for (var offset = 0; offset < length; offset += 16)
            {
                stream.Write(plaintext.AsSpan(offset, Math.Min(16, length - offset)));
            }

            stream.Complete();
        }

        using var asyncCompleted = new MemoryStream();
        await using (var stream = new SegmentedEncryptionStream(asyncCompleted, Key, AssociatedData, 16, salt, prefix, leaveOpen: true))
        {
            for (var offset = 0; offset < length; offset += 16)
            {
                await stream.WriteAsync(plaintext.AsMemory(offset, Math.Min(16, length - offset)));
                await stream.FlushAsync();
            }

            await stream.CompleteAsync();
        }

        Assert.Equal(oneWrite.ToArray(), segmentWrites.ToArray());
        Assert.Equal(oneWrite.ToArray(), asyncCompleted.ToArray());
        Assert.Equal(plaintext, Decrypt(oneWrite.ToArray(), seekable: true));
    }

    [Fact]
    public void Many_segments_round_trip_at_the_default_segment_size()
    {
        var plaintext = Plaintext((40 * 65536) + 123, seed: 9);
        using var destination = new MemoryStream();
        using (var stream = new SegmentedEncryptionStream(destination, Key, AssociatedData, new StreamEncryptionOptions(), leaveOpen: true))
        {
            stream.Write(plaintext);
            stream.Complete();
        }

        Assert.Equal(plaintext, Decrypt(destination.ToArray(), seekable: false, readChunk: 100_000));
    }

    [Fact]
    public void Empty_plaintext_is_one_empty_final_segment()
    {
        var ciphertext = Encrypt([], 4096);

        Assert.Equal(HeaderSize + TagSize, ciphertext.Length);
        Assert.Empty(Decrypt(ciphertext, seekable: false));
        Assert.Empty(Decrypt(ciphertext, seekable: true));
    }

    [Fact]
    public void Two_encryptions_of_the_same_plaintext_differ()
    {
        var plaintext = Plaintext(100);

        Assert.NotEqual(Encrypt(plaintext, 4096), Encrypt(plaintext, 4096));
    }

    [Fact]
    public void Flush_writes_no_partial_segment_and_a_segment_is_written_once_more_data_follows()
    {
        using var destination = new MemoryStream();
        using (var stream = new SegmentedEncryptionStream(destination, Key, AssociatedData, 16, new byte[32], new byte[7], leaveOpen: true))
        {
            stream.Write(new byte[10]);
            stream.Flush();
            Assert.Equal(0, destination.Length);

            stream.Write(new byte[6]);
            stream.Flush();
            Assert.Equal(0, destination.Length);

            stream.Write(new byte[1]);
            Assert.Equal(HeaderSize + 16 + TagSize, destination.Length);
            stream.Complete();
        }

        Assert.Equal(HeaderSize + 16 + 1 + (2 * TagSize), destination.Length);
    }

    [Fact]
    public async Task CompleteAsync_writes_the_final_segment_once_and_rejects_later_writes()
    {
        using var destination = new MemoryStream();
        var stream = new SegmentedEncryptionStream(destination, Key, AssociatedData, new StreamEncryptionOptions(), leaveOpen: true);
        await stream.WriteAsync(new byte[5]);
        await stream.CompleteAsync();
        var completedLength = destination.Length;

        Assert.False(stream.CanWrite);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await stream.WriteAsync(new byte[1]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => stream.CompleteAsync());
        await stream.DisposeAsync();
        stream.Dispose();

        Assert.Equal(HeaderSize + 5 + TagSize, completedLength);
        Assert.Equal(completedLength, destination.Length);
        Assert.Equal(new byte[5], Decrypt(destination.ToArray(), seekable: false));
    }

    [Fact]
    public void Disposing_closes_the_destination_unless_leaveOpen()
    {
        var kept = new MemoryStream();
        new SegmentedEncryptionStream(kept, Key, AssociatedData, new StreamEncryptionOptions(), leaveOpen: true).Dispose();
        var closed = new MemoryStream();
        new SegmentedEncryptionStream(closed, Key, AssociatedData, new StreamEncryptionOptions(), leaveOpen: false).Dispose();

        Assert.True(kept.CanWrite);
        Assert.False(closed.CanWrite);
        var reader = new SegmentedDecryptionStream(new MemoryStream(kept.ToArray()), Key, AssociatedData, leaveOpen: false);
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.Read(new byte[1]));
    }

    [Fact]
    public void The_writer_is_write_only_and_the_reader_read_only()
    {
        using var writer = new SegmentedEncryptionStream(new MemoryStream(), Key, AssociatedData, new StreamEncryptionOptions(), leaveOpen: false);
        using var reader = new SegmentedDecryptionStream(new MemoryStream(Encrypt([1, 2, 3], 16)), Key, AssociatedData, leaveOpen: false);

        Assert.False(writer.CanRead);
        Assert.False(writer.CanSeek);
        Assert.Throws<NotSupportedException>(() => writer.Read(new byte[1], 0, 1));
        Assert.Throws<NotSupportedException>(() => writer.Length);
        Assert.False(reader.CanWrite);
        Assert.Throws<NotSupportedException>(() => reader.Write(new byte[1], 0, 1));
        Assert.Throws<NotSupportedException>(() => new SegmentedDecryptionStream(new NonSeekableStream(new MemoryStream()), Key, AssociatedData, leaveOpen: false).Length);
    }

    [Fact]
    public void Arguments_are_validated_with_their_names()
    {
        var options = new StreamEncryptionOptions();
        Assert.Throws<ArgumentNullException>("destination", () => new SegmentedEncryptionStream(null!, Key, AssociatedData, options, leaveOpen: false));
        Assert.Throws<ArgumentNullException>("options", () => new SegmentedEncryptionStream(new MemoryStream(), Key, AssociatedData, null!, leaveOpen: false));
        Assert.Throws<ArgumentException>("dataKey", () => new SegmentedEncryptionStream(new MemoryStream(), new byte[16], AssociatedData, options, leaveOpen: false));
        Assert.Throws<ArgumentException>("destination", () => new SegmentedEncryptionStream(new MemoryStream([], writable: false), Key, AssociatedData, options, leaveOpen: false));
        Assert.Throws<ArgumentNullException>("source", () => new SegmentedDecryptionStream(null!, Key, AssociatedData, leaveOpen: false));
        Assert.Throws<ArgumentException>("dataKey", () => new SegmentedDecryptionStream(new MemoryStream(), new byte[31], AssociatedData, leaveOpen: false));
    }
}
