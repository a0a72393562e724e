using System.IO.Pipelines;
using System.Security.Cryptography;
using static Telehealth.Crypto.Tests.Streaming.StreamingFixture;

namespace Telehealth.Crypto.Tests.Streaming;

public sealed class SegmentedAeadTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<int, int> ParallelCases()
    {
        var data = new TheoryData<int, int>();
        foreach (var degree in new[] { 1, 2, 3, 8 })
        {
            foreach (var length in new[] { 0, 1, 4095, 4096, 4097, 5 * 4096, (5 * 4096) + 3, 100_000, (3 * 1024 * 1024) + 5 })
            {
                data.Add(degree, length);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ParallelCases))]
    public async Task Parallel_encryption_decrypts_to_the_same_plaintext_as_the_stream_writer(int degree, int length)
    {
        var plaintext = Plaintext(length, seed: length + degree);
        using var destination = new MemoryStream();
        var options = new StreamEncryptionOptions { SegmentSize = 4096, MaxDegreeOfParallelism = degree };

        await SegmentedAead.EncryptAsync(new MemoryStream(plaintext), destination, Key, AssociatedData, options, CancellationToken.None);

        var ciphertext = destination.ToArray();
        Assert.Equal(HeaderSize + length + (SegmentCount(length, 4096) * TagSize), ciphertext.Length);
        Assert.Equal(plaintext, Decrypt(ciphertext, seekable: false));
        Assert.Equal(plaintext, Decrypt(ciphertext, seekable: true));
        Assert.Equal(Decrypt(Encrypt(plaintext, 4096), seekable: false), Decrypt(ciphertext, seekable: false));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task With_the_same_salt_and_nonce_prefix_parallel_output_is_byte_identical_to_the_stream_writer(int degree)
    {
        var salt = RandomNumberGenerator.GetBytes(32);
        var prefix = RandomNumberGenerator.GetBytes(7);
        foreach (var length in new[] { 0, 1, 15, 16, 17, 16 * 11, (16 * 11) + 9 })
        {
            var plaintext = Plaintext(length, seed: length);
            using var fromStream = new MemoryStream();
            using (var writer = new SegmentedEncryptionStream(fromStream, Key, AssociatedData, 16, salt, prefix, leaveOpen: true))
            {
                writer.Write(plaintext);
                writer.Complete();
            }

            using var fromParallel = new MemoryStream();
            await SegmentedAead.EncryptAsync(new ChunkedStream(plaintext, 5), fromParallel, Key, AssociatedData, 16, degree, salt, prefix, CancellationToken.None);

            Assert.Equal(fromStream.ToArray(), fromParallel.ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Output_spanning_many_work_units_is_byte_identical_to_the_stream_writer(int degree)
    {
        // Workers take 256 KiB units (64 segments of 4 KiB); these lengths end inside, at and after unit boundaries.
        var salt = RandomNumberGenerator.GetBytes(32);
        var prefix = RandomNumberGenerator.GetBytes(7);
        foreach (var length in new[] { 256 * 1024, (256 * 1024) + 1, 5 * 256 * 1024, (5 * 256 * 1024) + 4095, (9 * 256 * 1024) - 1 })
        {
            var plaintext = Plaintext(length, seed: length);
            using var fromStream = new MemoryStream();
            using (var writer = new SegmentedEncryptionStream(fromStream, Key, AssociatedData, 4096, salt, prefix, leaveOpen: true))
            {
                writer.Write(plaintext);
                writer.Complete();
            }

            using var fromParallel = new MemoryStream();
            await SegmentedAead.EncryptAsync(new ChunkedStream(plaintext, 10_000), fromParallel, Key, AssociatedData, 4096, degree, salt, prefix, CancellationToken.None);

            Assert.Equal(fromStream.ToArray(), fromParallel.ToArray());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData((3 * 65536) + 17)]
    public async Task Pipe_encryption_and_decryption_round_trip(int length)
    {
        var plaintext = Plaintext(length, seed: length);
        var options = new StreamEncryptionOptions { MaxDegreeOfParallelism = 2 };

        var ciphertext = await ThroughPipesAsync(plaintext, (reader, writer) => SegmentedAead.EncryptAsync(reader, writer, Key, AssociatedData, options, CancellationToken.None));
        Assert.Equal(plaintext, Decrypt(ciphertext, seekable: false));

        var decrypted = await ThroughPipesAsync(ciphertext, (reader, writer) => SegmentedAead.DecryptAsync(reader, writer, Key, AssociatedData, CancellationToken.None));
        Assert.Equal(plaintext, decrypted);
    }

    [Fact]
    public async Task Pipe_decryption_rejects_truncation_swap_appended_data_and_a_wrong_key()
    {
        var ciphertext = Encrypt(Plaintext(3 * 16), 16);
        var header = ciphertext[..HeaderSize];
        var (s0, s1, s2) = (Segment(ciphertext, 0, 16), Segment(ciphertext, 1, 16), Segment(ciphertext, 2, 16));
        var otherKey = RandomNumberGenerator.GetBytes(32);

        Assert.Equal("TH2052", (await PipeDecryptFailsAsync(Concat(header, s0, s1))).Code);
        Assert.Equal("TH2052", (await PipeDecryptFailsAsync(header)).Code);
        Assert.Equal("TH2051", (await PipeDecryptFailsAsync(Concat(header, s1, s0, s2))).Code);
        Assert.Equal("TH2053", (await PipeDecryptFailsAsync(Concat(ciphertext, [0]))).Code);
        Assert.Equal("TH2052", (await PipeDecryptFailsAsync(ciphertext[..10])).Code);
        Assert.Equal("TH2051", (await PipeDecryptFailsAsync(ciphertext, otherKey)).Code);
    }

    [Fact]
    public async Task Cancellation_stops_encryption()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SegmentedAead.EncryptAsync(new MemoryStream(Plaintext(100_000)), new MemoryStream(), Key, AssociatedData, new StreamEncryptionOptions(), cancellation.Token));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task A_failing_source_or_destination_surfaces_its_own_error_from_any_worker_without_hanging(int degree)
    {
        var options = new StreamEncryptionOptions { SegmentSize = 4096, MaxDegreeOfParallelism = degree };
        var plaintext = Plaintext(3 * 1024 * 1024);
        foreach (var failAt in new[] { 0L, 300_000, 2_000_000 })
        {
            var reading = SegmentedAead.EncryptAsync(new FailingStream(new MemoryStream(plaintext), failAt), new MemoryStream(), Key, AssociatedData, options, CancellationToken.None);
            Assert.Equal($"read failed at {failAt}", (await Assert.ThrowsAsync<IOException>(() => reading.WaitAsync(Timeout))).Message);

            var writing = SegmentedAead.EncryptAsync(new MemoryStream(plaintext), new FailingStream(new MemoryStream(), failAt), Key, AssociatedData, options, CancellationToken.None);
            Assert.Equal($"write failed at {failAt}", (await Assert.ThrowsAsync<IOException>(() => writing.WaitAsync(Timeout))).Message);
        }
    }

    [Fact]
    public async Task Cancellation_during_encryption_stops_every_worker()
    {
        using var cancellation = new CancellationTokenSource();
        var source = new FailingStream(new MemoryStream(Plaintext(8 * 1024 * 1024)), long.MaxValue) { OnRead = position => { if (position > 1_000_000) { cancellation.Cancel(); } } };
        var options = new StreamEncryptionOptions { SegmentSize = 4096, MaxDegreeOfParallelism = 3 };

        var run = SegmentedAead.EncryptAsync(source, new MemoryStream(), Key, AssociatedData, options, cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Arguments_are_validated_with_their_names()
    {
        var options = new StreamEncryptionOptions();
        await Assert.ThrowsAsync<ArgumentNullException>("source", () => SegmentedAead.EncryptAsync((Stream)null!, new MemoryStream(), Key, AssociatedData, options, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentNullException>("options", () => SegmentedAead.EncryptAsync(new MemoryStream(), new MemoryStream(), Key, AssociatedData, null!, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>("dataKey", () => SegmentedAead.EncryptAsync(new MemoryStream(), new MemoryStream(), new byte[16], AssociatedData, options, CancellationToken.None));
        var pipe = new Pipe();
        await Assert.ThrowsAsync<ArgumentException>("dataKey", () => SegmentedAead.DecryptAsync(pipe.Reader, pipe.Writer, new byte[33], AssociatedData, CancellationToken.None));
    }

    private static async Task<CryptoException> PipeDecryptFailsAsync(byte[] ciphertext, byte[]? key = null) =>
        await Assert.ThrowsAsync<CryptoException>(() =>
            ThroughPipesAsync(ciphertext, (reader, writer) => SegmentedAead.DecryptAsync(reader, writer, key ?? Key, AssociatedData, CancellationToken.None)));

    /// <summary>Feeds <paramref name="input"/> through default pipes in 1000-byte writes and collects the output.</summary>
    private static async Task<byte[]> ThroughPipesAsync(byte[] input, Func<PipeReader, PipeWriter, Task> transform)
    {
        var inbound = new Pipe();
        var outbound = new Pipe();
        var produce = Task.Run(async () =>
        {
            for (var offset = 0; offset < input.Length; offset += 1000)
            {
                await inbound.Writer.WriteAsync(input.AsMemory(offset, Math.Min(1000, input.Length - offset)));
            }

            await inbound.Writer.CompleteAsync();
        });
        var run = Task.Run(async () =>
        {
            try
            {
                await transform(inbound.Reader, outbound.Writer);
            }
            finally
            {
                await inbound.Reader.CompleteAsync();
                await outbound.Writer.CompleteAsync();
            }
        });
        using var collected = new MemoryStream();
        var consume = outbound.Reader.CopyToAsync(collected);

        await Task.WhenAll(produce, consume).WaitAsync(Timeout);
        await run.WaitAsync(Timeout);
        return collected.ToArray();
    }

    /// <summary>A source that returns at most a few bytes per read, as a slow network stream would.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A stream that throws an <see cref="IOException"/> once a read or write reaches a position.</summary>
internal sealed class FailingStream(Stream inner, long failAt) : Stream
{
    private long _position;

    public Action<long>? OnRead { get; init; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count)
    {
        OnRead?.Invoke(_position);
        if (_position + count > failAt)
        {
            throw new IOException($"read failed at {failAt}");
        }

        var read = inner.Read(buffer, offset, count);
        _position += read;
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (_position + count > failAt)
        {
            throw new IOException($"write failed at {failAt}");
        }

        inner.Write(buffer, offset, count);
        _position += count;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
