using System.Security.Cryptography;

namespace Telehealth.Crypto.Tests.Integrity;

/// <summary>Not run in parallel with other tests, so the allocation measurement sees only the checksum.</summary>
[Collection(nameof(Sha256ChecksumTests))]
[CollectionDefinition(nameof(Sha256ChecksumTests), DisableParallelization = true)]
public sealed class Sha256ChecksumTests
{
    private const string AbcHex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [Fact]
    public void Compute_Abc_IsTheFips180Value()
    {
        var checksum = Sha256Checksum.Compute("abc"u8);

        Assert.Equal(AbcHex, checksum.ToString());
        Assert.Equal(Convert.FromHexString(AbcHex), checksum.ToArray());
    }

    [Fact]
    public async Task ComputeAsync_OverAFile_MatchesOneShotHash()
    {
        var path = Path.GetTempFileName();
        try
        {
            var content = new byte[(3 * 1024 * 1024) + 17];
            new Random(42).NextBytes(content);
            await File.WriteAllBytesAsync(path, content);

            var checksum = await Sha256Checksum.ComputeAsync(path);

            Assert.True(checksum.Matches(SHA256.HashData(content)));
            Assert.Equal(Sha256Checksum.Compute(content), checksum);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ComputeAsync_OverAStream_StartsAtItsPosition_AndUsesConstantMemory()
    {
        await Sha256Checksum.ComputeAsync(new MemoryStream(new byte[10]));

        // The count is process-wide (the hash runs on pool threads), so other work on a busy machine can
        // add to one run; constant memory shows as the smallest of five runs staying small.
        var allocated = new long[5];
        Sha256Checksum checksum = default;
        for (var run = 0; run < allocated.Length; run++)
        {
            using var stream = new ChunkStream(64L * 1024 * 1024);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            checksum = await Sha256Checksum.ComputeAsync(stream);
            allocated[run] = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.Equal(64L * 1024 * 1024, stream.Position);
        }

        Assert.True(allocated.Min() < 256 * 1024, $"bytes allocated per 64 MiB stream: {string.Join(", ", allocated)}");
        using var memory = new MemoryStream([1, 2, 3, 4]) { Position = 2 };
        Assert.Equal(Sha256Checksum.Compute([3, 4]), await Sha256Checksum.ComputeAsync(memory));
        Assert.NotEqual(default, checksum);
    }

    [Fact]
    public async Task ComputeAsync_Cancelled_Throws()
    {
        using var stream = new ChunkStream(1024 * 1024);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await Sha256Checksum.ComputeAsync(stream, cancelled.Token));
    }

    [Fact]
    public void ParseAndCompare()
    {
        var parsed = Sha256Checksum.Parse(AbcHex.ToUpperInvariant());

        Assert.True(parsed == Sha256Checksum.Compute("abc"u8));
        Assert.True(parsed != Sha256Checksum.Compute("abd"u8));
        Assert.True(parsed.Equals((object)Sha256Checksum.Compute("abc"u8)));
        Assert.Equal(parsed.GetHashCode(), Sha256Checksum.Compute("abc"u8).GetHashCode());
        Assert.Equal(AbcHex, parsed.ToString());
        Assert.False(parsed.Matches(new byte[31]));
        Assert.False(Sha256Checksum.TryParse(AbcHex.AsSpan(0, 63), out _));
        Assert.False(Sha256Checksum.TryParse(string.Concat(AbcHex.AsSpan(0, 63), "g"), out _));
        Assert.False(Sha256Checksum.TryParse(AbcHex + "00", out _));
        Assert.Equal("TH2083", Assert.Throws<CryptoException>(() => Sha256Checksum.Parse("xyz")).Code);
        Assert.Equal(parsed, Sha256Checksum.FromBytes(Convert.FromHexString(AbcHex)));
        Assert.Throws<ArgumentException>("bytes", () => Sha256Checksum.FromBytes(new byte[31]));
        Assert.Throws<ArgumentNullException>("stream", () => Sha256Checksum.ComputeAsync((Stream)null!).AsTask().GetAwaiter().GetResult());
    }

    /// <summary>A read-only stream of a given length that produces bytes without holding them.</summary>
    private sealed class ChunkStream(long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - Position);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = (byte)(Position + i);
            }

            Position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Read(buffer.Span));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
