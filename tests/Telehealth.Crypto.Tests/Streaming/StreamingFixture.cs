using System.Security.Cryptography;

namespace Telehealth.Crypto.Tests.Streaming;

/// <summary>Keys, plaintexts and helpers shared by the streaming tests.</summary>
internal static class StreamingFixture
{
    public const int HeaderSize = 44;
    public const int TagSize = 16;

    public static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(0x10 + i))];

    public static readonly byte[] AssociatedData = "envelope-header||context-hash"u8.ToArray();

    public static byte[] Plaintext(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static int SegmentCount(long plaintextLength, int segmentSize) =>
        plaintextLength == 0 ? 1 : (int)((plaintextLength + segmentSize - 1) / segmentSize);

    /// <summary>Encrypts through <see cref="SegmentedEncryptionStream"/> with any segment size the format allows.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, int segmentSize, byte[]? key = null, byte[]? associatedData = null, int writeChunk = int.MaxValue)
    {
        using var destination = new MemoryStream();
        using (var stream = new SegmentedEncryptionStream(destination, key ?? Key, associatedData ?? AssociatedData, segmentSize, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(7), leaveOpen: true))
        {
            while (!plaintext.IsEmpty)
            {
                var take = Math.Min(writeChunk, plaintext.Length);
                stream.Write(plaintext[..take]);
                plaintext = plaintext[take..];
            }

            stream.Complete();
        }

        return destination.ToArray();
    }

    /// <summary>Decrypts to the end with a sequential (non-seekable) or seekable source.</summary>
    public static byte[] Decrypt(byte[] ciphertext, bool seekable, byte[]? key = null, byte[]? associatedData = null, int readChunk = 4096)
    {
        Stream source = new MemoryStream(ciphertext, writable: false);
        if (!seekable)
        {
            source = new NonSeekableStream(source);
        }

        using var stream = new SegmentedDecryptionStream(source, key ?? Key, associatedData ?? AssociatedData, leaveOpen: false);
        using var result = new MemoryStream();
        var buffer = new byte[readChunk];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            result.Write(buffer, 0, read);
        }

        return result.ToArray();
    }

    public static async Task<byte[]> DecryptAsync(byte[] ciphertext, bool seekable, byte[]? key = null, byte[]? associatedData = null)
    {
        Stream source = new MemoryStream(ciphertext, writable: false);
        if (!seekable)
        {
            source = new NonSeekableStream(source);
        }

        await using var stream = new SegmentedDecryptionStream(source, key ?? Key, associatedData ?? AssociatedData, leaveOpen: false);
        using var result = new MemoryStream();
        await stream.CopyToAsync(result);
        return result.ToArray();
    }

    public static CryptoException DecryptFails(byte[] ciphertext, bool seekable, byte[]? key = null, byte[]? associatedData = null) =>
        Assert.Throws<CryptoException>(() => Decrypt(ciphertext, seekable, key, associatedData));

    public static byte[] Segment(byte[] ciphertext, int index, int segmentSize)
    {
        var stride = segmentSize + TagSize;
        var start = HeaderSize + (index * stride);
        return ciphertext[start..Math.Min(ciphertext.Length, start + stride)];
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}

/// <summary>Hides seeking, as a network or pipe stream would.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Counts what is read from a seekable source, to prove that random access reads only the segments it needs.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }
    public List<long> ReadOffsets { get; } = [];
    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ReadOffsets.Add(inner.Position);
        var read = inner.Read(buffer);
        BytesRead += read;
        return read;
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public void Reset()
    {
        BytesRead = 0;
        ReadOffsets.Clear();
    }
}
