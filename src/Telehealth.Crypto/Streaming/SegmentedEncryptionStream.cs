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
/// A full segment is encrypted as soon as it is complete, straight from the caller's buffer when a
/// write holds a whole segment, but written out only once more data follows: if the stream ends
/// instead, that segment is re-sealed as the final one. <see cref="Flush"/> therefore never writes a
/// partial or possibly-final segment.
/// </para>
/// <para>
/// Only <see cref="CompleteAsync"/> (or <see cref="Complete"/>) writes the final segment, which marks the
/// end of the plaintext. Disposing a stream that was not completed, for example when an exception
/// leaves an <c>await using</c> block, writes nothing more: the output then ends before its final
/// segment and fails to decrypt as truncated (TH2052), so a recording cut short can never pass for a
/// shorter complete one. Discard such output.
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
    private bool _sealedPending;
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
        // The same region holds a sealed full segment until it is known not to be the last.
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

    /// <summary>
    /// Writes the final segment, the explicit act that makes the output a complete stream. Further writes
    /// are rejected; disposing afterwards writes nothing more.
    /// </summary>
    /// <param name="cancellationToken">Cancels the write to the destination.</param>
    /// <returns>A task that completes when the final segment has been written and the destination flushed.</returns>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfNotWritable();
        _completed = true;
        var length = SealFinal();
        await _destination.WriteAsync(_output.AsMemory(OutputStart, length - OutputStart), cancellationToken).ConfigureAwait(false);
        _headerWritten = true;
        await _destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the final segment synchronously; see <see cref="CompleteAsync"/>.</summary>
    public void Complete()
    {
        ThrowIfNotWritable();
        _completed = true;
        var length = SealFinal();
        _destination.Write(_output, OutputStart, length - OutputStart);
        _headerWritten = true;
        _destination.Flush();
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
            if (_sealedPending)
            {
                // More data follows the sealed segment, so it was not the last: write it out.
                _destination.Write(_output, OutputStart, PendingLength - OutputStart);
                SealedPendingWritten();
            }

            buffer = buffer[Accept(buffer)..];
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
            if (_sealedPending)
            {
                await _destination.WriteAsync(_output.AsMemory(OutputStart, PendingLength - OutputStart), cancellationToken).ConfigureAwait(false);
                SealedPendingWritten();
            }

            buffer = buffer[Accept(buffer.Span)..];
        }
    }

    /// <summary>
    /// Releases the key and the buffers, and disposes the destination unless it was left open. Writes
    /// nothing: a stream not completed with <see cref="CompleteAsync"/> stays truncated.
    /// </summary>
    /// <returns>A task that completes when the stream is disposed.</returns>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (!_disposed)
            {
                Release();
                if (!_leaveOpen)
                {
                    await _destination.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Everything is released above, so the synchronous Dispose this runs has nothing left to do.
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Releases the key and the buffers, and disposes the destination unless it was left open. Writes nothing.</summary>
    /// <param name="disposing">Whether this is a call to <see cref="Stream.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        try
        {
            if (disposing && !_disposed)
            {
                Release();
                if (!_leaveOpen)
                {
                    _destination.Dispose();
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

    /// <summary>Gets where the bytes to write start in the output buffer: the stream header goes out once, before the first segment.</summary>
    private int OutputStart => _headerWritten ? StreamFormat.HeaderSize : 0;

    /// <summary>Gets the end of a sealed full segment in the output buffer.</summary>
    private int PendingLength => StreamFormat.HeaderSize + _segmentSize + StreamFormat.TagSize;

    /// <summary>
    /// Takes plaintext from <paramref name="buffer"/> while no sealed segment is pending and returns how
    /// many bytes it took. A whole segment at a segment boundary is sealed straight from the caller's
    /// buffer; anything else is buffered, and sealed in place when the buffer fills.
    /// </summary>
    private int Accept(ReadOnlySpan<byte> buffer)
    {
        var output = _output.AsSpan(StreamFormat.HeaderSize);
        if (_buffered == 0 && buffer.Length >= _segmentSize)
        {
            _cipher.Encrypt(_segment, last: false, buffer[.._segmentSize], output);
            SealedPending();
            return _segmentSize;
        }

        var take = Math.Min(buffer.Length, _segmentSize - _buffered);
        buffer[..take].CopyTo(_plaintext.Span[_buffered..]);
        _buffered += take;
        if (_buffered == _segmentSize)
        {
            _cipher.Encrypt(_segment, last: false, _plaintext.Span, output);
            SealedPending();
        }

        return take;
    }

    private void SealedPending()
    {
        _segment++;
        _buffered = 0;
        _sealedPending = true;
    }

    private void SealedPendingWritten()
    {
        _sealedPending = false;
        _headerWritten = true;
    }

    /// <summary>
    /// Seals the final segment in the output buffer and returns where it ends. A pending full segment
    /// turned out to be the last: it is opened again and sealed with the final flag (once per stream).
    /// </summary>
    private int SealFinal()
    {
        var output = _output.AsSpan(StreamFormat.HeaderSize);
        if (_sealedPending)
        {
            _sealedPending = false;
            _cipher.ResealAsFinal(_segment - 1, output[..(_segmentSize + StreamFormat.TagSize)]);
            return PendingLength;
        }

        _cipher.Encrypt(_segment, last: true, _plaintext.Span[.._buffered], output);
        _segment++;
        return StreamFormat.HeaderSize + _buffered + StreamFormat.TagSize;
    }

    private void Release()
    {
        _disposed = true;
        _cipher.Dispose();
        CryptographicOperations.ZeroMemory(_output);
    }
}
