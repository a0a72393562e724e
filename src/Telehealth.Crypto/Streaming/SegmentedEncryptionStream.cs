using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// A write-only stream that encrypts what is written to it into the segmented stream format
/// (FORMAT.md, Streaming): AES-256-GCM segments under a key derived per stream, with a segment
/// counter and a last-segment flag in each nonce so that truncation, reordering, duplication and
/// appended data are detected when reading. Memory use is constant: one segment buffer, whatever the
/// length of the stream.
/// </summary>
/// <remarks>
/// <para>
/// A segment is written only when it is full and more data follows, so <see cref="Flush"/> never
/// writes a partial segment. <see cref="CompleteAsync"/>, <see cref="Stream.Dispose()"/> or
/// <see cref="DisposeAsync"/> writes the final segment, which marks the end of the plaintext.
/// </para>
/// <para>
/// Disposing completes the stream even when the caller stops writing because of an error, so the
/// output then holds a shorter but valid plaintext. A caller that must not publish a partial result
/// calls <see cref="CompleteAsync"/> only after the last write succeeded and discards the
/// destination otherwise.
/// </para>
/// </remarks>
public sealed class SegmentedEncryptionStream : Stream
{
    private readonly Stream _destination;
    private readonly bool _leaveOpen;
    private readonly int _segmentSize;
    private readonly SegmentCipher _cipher;
    private readonly Memory<byte> _plaintext;
    private readonly byte[] _output;
    private int _buffered;
    private long _segment;
    private bool _headerWritten;
    private bool _completed;
    private bool _disposed;

    /// <summary>Creates an encrypting stream with a random salt and nonce prefix.</summary>
    /// <param name="destination">Receives the stream header and segments, from its current position.</param>
    /// <param name="dataKey">The 32-byte data key; the stream keeps only the key derived from it.</param>
    /// <param name="associatedData">Bound to every segment through the key derivation; the same bytes are needed to decrypt.</param>
    /// <param name="options">The segment size.</param>
    /// <param name="leaveOpen">Whether <paramref name="destination"/> stays open after this stream is disposed.</param>
    internal SegmentedEncryptionStream(Stream destination, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData, StreamEncryptionOptions options, bool leaveOpen)
        : this(destination, dataKey, associatedData, CheckedSegmentSize(options), RandomSalt(), RandomNoncePrefix(), leaveOpen)
    {
    }

    /// <summary>
    /// Creates an encrypting stream with a chosen salt and nonce prefix. Only for known-answer tests:
    /// reusing a salt and prefix with the same key and associated data reuses nonces.
    /// </summary>
    internal SegmentedEncryptionStream(Stream destination, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData, int segmentSize, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> noncePrefix, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(destination);
        StreamFormat.ValidateDataKey(dataKey, nameof(dataKey));
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentSize, StreamFormat.MinSegmentSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(segmentSize, StreamFormat.MaxSegmentSize);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream must be writable.", nameof(destination));
        }

        _destination = destination;
        _leaveOpen = leaveOpen;
        _segmentSize = segmentSize;
        _output = new byte[StreamFormat.HeaderSize + segmentSize + StreamFormat.TagSize];

        // Plaintext is buffered where its ciphertext goes and encrypted in place: one buffer, not two.
        _plaintext = _output.AsMemory(StreamFormat.HeaderSize, segmentSize);
        var header = _output.AsSpan(0, StreamFormat.HeaderSize);
        StreamFormat.WriteHeader(header, segmentSize, salt, noncePrefix);

        Span<byte> key = stackalloc byte[StreamFormat.KeySize];
        try
        {
            StreamFormat.DeriveKey(dataKey, salt, associatedData, key);
            _cipher = new SegmentCipher(key, header);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <summary>Gets a value indicating whether more plaintext can be written: false once completed or disposed.</summary>
    public override bool CanWrite => !_completed && !_disposed;

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Length => throw new NotSupportedException();

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Writes the final segment. Further writes are rejected; disposing afterwards writes nothing more.</summary>
    /// <param name="cancellationToken">Cancels the write to the destination.</param>
    /// <returns>A task that completes when the final segment has been written and the destination flushed.</returns>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotWritable();
        _completed = true;
        await WriteSegmentAsync(last: true, _plaintext[.._buffered], cancellationToken).ConfigureAwait(false);
        _buffered = 0;
        await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Flushes the destination; a partially filled segment stays buffered until it is full or the stream completes.</summary>
    public override void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _destination.Flush();
    }

    /// <summary>Flushes the destination; a partially filled segment stays buffered until it is full or the stream completes.</summary>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the destination is flushed.</returns>
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _destination.FlushAsync(cancellationToken);
    }

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfNotWritable();
        while (!buffer.IsEmpty)
        {
            if (_buffered == _segmentSize)
            {
                // A full segment is written only now that more data is known to follow it.
                WriteSegment(_plaintext.Span);
                _buffered = 0;
            }

            if (_buffered == 0 && buffer.Length > _segmentSize)
            {
                WriteSegment(buffer[.._segmentSize]);
                buffer = buffer[_segmentSize..];
                continue;
            }

            var take = Math.Min(buffer.Length, _segmentSize - _buffered);
            buffer[..take].CopyTo(_plaintext.Span[_buffered..]);
            _buffered += take;
            buffer = buffer[take..];
        }
    }

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfNotWritable();
        while (!buffer.IsEmpty)
        {
            if (_buffered == _segmentSize)
            {
                await WriteSegmentAsync(last: false, _plaintext, cancellationToken).ConfigureAwait(false);
                _buffered = 0;
            }

            if (_buffered == 0 && buffer.Length > _segmentSize)
            {
                await WriteSegmentAsync(last: false, buffer[.._segmentSize], cancellationToken).ConfigureAwait(false);
                buffer = buffer[_segmentSize..];
                continue;
            }

            var take = Math.Min(buffer.Length, _segmentSize - _buffered);
            buffer.Span[..take].CopyTo(_plaintext.Span[_buffered..]);
            _buffered += take;
            buffer = buffer[take..];
        }
    }

    /// <summary>Writes the final segment unless <see cref="CompleteAsync"/> already did, then releases the key.</summary>
    /// <returns>A task that completes when the stream is disposed.</returns>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (!_disposed)
            {
                try
                {
                    if (!_completed)
                    {
                        await CompleteAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                }
                finally
                {
                    Release();
                    if (!_leaveOpen)
                    {
                        await _destination.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            // Everything is released above, so the synchronous Dispose this runs has nothing left to do.
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        try
        {
            if (disposing && !_disposed)
            {
                try
                {
                    if (!_completed)
                    {
                        _completed = true;
                        WriteSegment(_plaintext.Span[.._buffered], last: true);
                        _destination.Flush();
                    }
                }
                finally
                {
                    Release();
                    if (!_leaveOpen)
                    {
                        _destination.Dispose();
                    }
                }
            }
        }
        finally
        {
            base.Dispose(disposing);
        }
    }

    private static int CheckedSegmentSize(StreamEncryptionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.SegmentSize;
    }

    private static byte[] RandomSalt() => RandomNumberGenerator.GetBytes(StreamFormat.SaltSize);

    private static byte[] RandomNoncePrefix() => RandomNumberGenerator.GetBytes(StreamFormat.NoncePrefixSize);

    private void ThrowIfNotWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("The encrypted stream has been completed; nothing more can be written.");
        }
    }

    private void WriteSegment(ReadOnlySpan<byte> plaintext, bool last = false)
    {
        var start = Encrypt(plaintext, last);
        _destination.Write(_output, start, StreamFormat.HeaderSize + plaintext.Length + StreamFormat.TagSize - start);
        _headerWritten = true;
    }

    private async ValueTask WriteSegmentAsync(bool last, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        var start = Encrypt(plaintext.Span, last);
        var end = StreamFormat.HeaderSize + plaintext.Length + StreamFormat.TagSize;
        await _destination.WriteAsync(_output.AsMemory(start, end - start), cancellationToken).ConfigureAwait(false);
        _headerWritten = true;
    }

    /// <summary>Encrypts into the output buffer after the header and returns where the bytes to write start.</summary>
    private int Encrypt(ReadOnlySpan<byte> plaintext, bool last)
    {
        _cipher.Encrypt(_segment, last, plaintext, _output.AsSpan(StreamFormat.HeaderSize));
        _segment++;
        return _headerWritten ? StreamFormat.HeaderSize : 0;
    }

    private void Release()
    {
        _disposed = true;
        _cipher.Dispose();
        CryptographicOperations.ZeroMemory(_output);
    }
}
