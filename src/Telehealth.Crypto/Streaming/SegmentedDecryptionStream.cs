using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// A read-only stream that decrypts the segmented stream format (FORMAT.md, Streaming). Bytes of a
/// segment are returned only after its tag verified; the end of the stream is reported only after
/// the final segment verified, so a truncated stream fails instead of looking shorter.
/// </summary>
/// <remarks>
/// <para>
/// Over a seekable source the stream is seekable: <see cref="Position"/> and <see cref="Seek"/> move
/// to any plaintext offset and a read decrypts only the segments it needs. <see cref="Length"/> is
/// computed from the source length; it is confirmed when the final segment is read.
/// </para>
/// <para>
/// Failures throw <see cref="CryptoException"/>: TH2050 malformed header, TH2051 a segment failed
/// authentication (tampering, a wrong key and wrong associated data cannot be told apart), TH2052
/// truncated, TH2053 data after the final segment, TH2054 unsupported version. Segments returned
/// before a failure were authentic, but the stream as a whole is not; discard what was read.
/// </para>
/// </remarks>
public sealed class SegmentedDecryptionStream : Stream
{
    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly bool _seekable;
    private readonly long _baseOffset;
    private byte[]? _dataKey;
    private byte[]? _associatedData;
    private SegmentCipher? _cipher;
    private int _segmentSize;
    private byte[] _segmentBuffer = [];
    private byte[] _plaintext = [];

    // Plaintext of the segment in _plaintext: its index, length and the read offset inside it.
    private long _loadedSegment = -1;
    private int _loadedLength;
    private int _loadedOffset;

    // Seekable sources: the layout computed from the source length, and the plaintext position.
    private long _segmentCount;
    private int _lastSegmentBytes;
    private long _length;
    private long _position;

    // Sequential sources: ciphertext bytes of the next segment already read ahead, and whether the final segment verified.
    private int _readAhead;
    private long _nextSegment;
    private bool _finished;
    private CryptoException? _fault;
    private Func<CryptoException, Task>? _reportFailure;
    private bool _disposed;

    /// <summary>Creates a decrypting stream over <paramref name="source"/>, positioned at the start of the stream header.</summary>
    /// <param name="source">The encrypted stream; its current position is where the stream header starts.</param>
    /// <param name="dataKey">The 32-byte data key used to encrypt.</param>
    /// <param name="associatedData">The associated data used to encrypt.</param>
    /// <param name="leaveOpen">Whether <paramref name="source"/> stays open after this stream is disposed.</param>
    /// <param name="reportFailure">Told of the first <see cref="CryptoException"/> a read throws, so it is audited and counted once (asynchronous reads wait for it); <see langword="null"/> for none.</param>
    internal SegmentedDecryptionStream(Stream source, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData, bool leaveOpen, Func<CryptoException, Task>? reportFailure = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        StreamFormat.ValidateDataKey(dataKey, nameof(dataKey));
        if (!source.CanRead)
        {
            throw new ArgumentException("The source stream must be readable.", nameof(source));
        }

        _source = source;
        _leaveOpen = leaveOpen;
        _seekable = source.CanSeek;
        _baseOffset = _seekable ? source.Position : 0;

        // The header is read on first use, so that an asynchronous reader never blocks on I/O here.
        _dataKey = GC.AllocateArray<byte>(StreamFormat.KeySize, pinned: true);
        dataKey.CopyTo(_dataKey);
        _associatedData = associatedData.ToArray();
        _reportFailure = reportFailure;
    }

    /// <summary>Gets a value indicating whether the stream can be read: true until disposed.</summary>
    public override bool CanRead => !_disposed;

    /// <summary>Gets a value indicating whether the stream can seek: true when the source can seek.</summary>
    public override bool CanSeek => _seekable && !_disposed;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <summary>Gets the plaintext length, computed from the length of a seekable source.</summary>
    /// <exception cref="NotSupportedException">The source cannot seek.</exception>
    /// <exception cref="CryptoException">The header is invalid or the source is too short to hold a final segment.</exception>
    public override long Length
    {
        get
        {
            ThrowIfNotSeekable();
            try
            {
                EnsureHeader();
            }
            catch (CryptoException ex)
            {
                _ = Report(ex);
                throw;
            }

            return _length;
        }
    }

    /// <summary>Gets or sets the plaintext position.</summary>
    /// <exception cref="NotSupportedException">The source cannot seek.</exception>
    public override long Position
    {
        get
        {
            ThrowIfNotSeekable();
            return _position;
        }

        set
        {
            ThrowIfNotSeekable();
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            EnsureHeader();
            return _seekable ? ReadAt(buffer) : ReadSequential(buffer);
        }
        catch (CryptoException ex)
        {
            _ = Report(ex);
            throw;
        }
    }

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return await ReadCoreAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (CryptoException ex)
        {
            await Report(ex).ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await EnsureHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (_seekable)
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var (segment, offset) = SegmentOf(_position);
                if (segment >= _segmentCount)
                {
                    if (total == 0)
                    {
                        await LoadSegmentAsync(_segmentCount - 1, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                }

                await LoadSegmentAsync(segment, cancellationToken).ConfigureAwait(false);
                total += CopyOut(buffer.Span[total..], offset);
            }

            return total;
        }

        ThrowIfFaulted();
        while (!IsLoadedSegmentRemaining() && !_finished)
        {
            await ReadNextSegmentAsync(cancellationToken).ConfigureAwait(false);
        }

        return CopyOutSequential(buffer.Span);
    }

    /// <summary>Moves the plaintext position; reading there decrypts only the segments it needs.</summary>
    /// <param name="offset">The offset relative to <paramref name="origin"/>.</param>
    /// <param name="origin">Where <paramref name="offset"/> counts from; <see cref="SeekOrigin.End"/> uses <see cref="Length"/>.</param>
    /// <returns>The new plaintext position.</returns>
    /// <exception cref="NotSupportedException">The source cannot seek.</exception>
    public override long Seek(long offset, SeekOrigin origin)
    {
        ThrowIfNotSeekable();
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
        {
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        }

        _position = target;
        return target;
    }

    /// <summary>Does nothing: the stream is read-only.</summary>
    public override void Flush()
    {
    }

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (!_disposed)
            {
                Release();
                if (!_leaveOpen)
                {
                    await _source.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
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
                Release();
                if (!_leaveOpen)
                {
                    _source.Dispose();
                }
            }
        }
        finally
        {
            base.Dispose(disposing);
        }
    }

    /// <summary>Hands the first failure to the cipher that opened the stream; later ones repeat it.</summary>
    private Task Report(CryptoException failure) => Interlocked.Exchange(ref _reportFailure, null)?.Invoke(failure) ?? Task.CompletedTask;

    private void ThrowIfNotSeekable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_seekable)
        {
            throw new NotSupportedException("The source stream cannot seek.");
        }
    }

    private void EnsureHeader()
    {
        if (_cipher is not null)
        {
            return;
        }

        Span<byte> header = stackalloc byte[StreamFormat.HeaderSize];
        if (_seekable)
        {
            _source.Position = _baseOffset;
        }

        var read = _source.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        InitializeFromHeader(header[..read]);
    }

    private async ValueTask EnsureHeaderAsync(CancellationToken cancellationToken)
    {
        if (_cipher is not null)
        {
            return;
        }

        var header = new byte[StreamFormat.HeaderSize];
        if (_seekable)
        {
            _source.Position = _baseOffset;
        }

        var read = await _source.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        InitializeFromHeader(header.AsSpan(0, read));
    }

    private void InitializeFromHeader(ReadOnlySpan<byte> header)
    {
        var segmentSize = StreamFormat.ParseHeader(header);
        if (_seekable)
        {
            ComputeLayout(segmentSize);
        }

        Span<byte> key = stackalloc byte[StreamFormat.KeySize];
        try
        {
            StreamFormat.DeriveKey(_dataKey, StreamFormat.Salt(header), _associatedData, key);
            _cipher = new SegmentCipher(key, header);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(_dataKey);
            _dataKey = null;
            _associatedData = null;
        }

        _segmentSize = segmentSize;

        // One extra byte of read-ahead tells a sequential reader whether another segment follows.
        _segmentBuffer = new byte[segmentSize + StreamFormat.TagSize + 1];
        _plaintext = new byte[segmentSize];
    }

    private void ComputeLayout(int segmentSize)
    {
        var stride = segmentSize + (long)StreamFormat.TagSize;
        var total = _source.Length - _baseOffset - StreamFormat.HeaderSize;
        if (total < StreamFormat.TagSize)
        {
            throw Errors.TruncatedStream();
        }

        var count = ((total - 1) / stride) + 1;
        var lastBytes = total - ((count - 1) * stride);
        if (lastBytes < StreamFormat.TagSize)
        {
            throw Errors.TruncatedStream();
        }

        if (count > StreamFormat.MaxSegments)
        {
            throw Errors.StreamTooLong();
        }

        _segmentCount = count;
        _lastSegmentBytes = (int)lastBytes;
        _length = total - (count * StreamFormat.TagSize);
    }

    private (long Segment, int Offset) SegmentOf(long position)
    {
        if (position >= _length)
        {
            return (_segmentCount, 0);
        }

        return (position / _segmentSize, (int)(position % _segmentSize));
    }

    private int ReadAt(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var (segment, offset) = SegmentOf(_position);
            if (segment >= _segmentCount)
            {
                // End of stream only once the final segment verified: a truncated source fails here.
                if (total == 0)
                {
                    LoadSegment(_segmentCount - 1);
                }

                break;
            }

            LoadSegment(segment);
            total += CopyOut(buffer[total..], offset);
        }

        return total;
    }

    private int CopyOut(Span<byte> destination, int offset)
    {
        var count = Math.Min(destination.Length, _loadedLength - offset);
        _plaintext.AsSpan(offset, count).CopyTo(destination);
        _position += count;
        return count;
    }

    private void LoadSegment(long segment)
    {
        if (_loadedSegment == segment)
        {
            return;
        }

        var length = PositionAt(segment);
        var read = _source.ReadAtLeast(_segmentBuffer.AsSpan(0, length), length, throwOnEndOfStream: false);
        DecryptLoaded(segment, read, length);
    }

    private async ValueTask LoadSegmentAsync(long segment, CancellationToken cancellationToken)
    {
        if (_loadedSegment == segment)
        {
            return;
        }

        var length = PositionAt(segment);
        var read = await _source.ReadAtLeastAsync(_segmentBuffer.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        DecryptLoaded(segment, read, length);
    }

    /// <summary>Seeks the source to a segment and returns its ciphertext length.</summary>
    private int PositionAt(long segment)
    {
        _loadedSegment = -1;
        _source.Position = _baseOffset + StreamFormat.SegmentOffset(segment, _segmentSize);
        return segment == _segmentCount - 1 ? _lastSegmentBytes : _segmentSize + StreamFormat.TagSize;
    }

    private void DecryptLoaded(long segment, int read, int expected)
    {
        if (read != expected)
        {
            throw Errors.SourceChangedDuringRead();
        }

        _cipher!.Decrypt(segment, segment == _segmentCount - 1, _segmentBuffer.AsSpan(0, read), _plaintext);
        _loadedSegment = segment;
        _loadedLength = read - StreamFormat.TagSize;
    }

    private bool IsLoadedSegmentRemaining() => _loadedSegment >= 0 && _loadedOffset < _loadedLength;

    private int ReadSequential(Span<byte> buffer)
    {
        ThrowIfFaulted();
        while (!IsLoadedSegmentRemaining() && !_finished)
        {
            var wanted = _segmentBuffer.Length - _readAhead;
            var read = _source.ReadAtLeast(_segmentBuffer.AsSpan(_readAhead), wanted, throwOnEndOfStream: false);
            DecryptNext(_readAhead + read);
        }

        return CopyOutSequential(buffer);
    }

    private void ThrowIfFaulted()
    {
        if (_fault is not null)
        {
            throw Errors.StreamAlreadyFailed(_fault.Code);
        }
    }

    private async ValueTask ReadNextSegmentAsync(CancellationToken cancellationToken)
    {
        var wanted = _segmentBuffer.Length - _readAhead;
        var read = await _source.ReadAtLeastAsync(_segmentBuffer.AsMemory(_readAhead), wanted, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        DecryptNext(_readAhead + read);
    }

    /// <summary>
    /// Decrypts the next segment from the buffer. A full buffer (segment plus one byte) means another
    /// segment follows; anything shorter is the final segment.
    /// </summary>
    private void DecryptNext(int available)
    {
        var segment = _nextSegment;
        var last = available < _segmentBuffer.Length;
        var length = last ? available : _segmentBuffer.Length - 1;
        _loadedSegment = -1;
        _readAhead = 0;
        try
        {
            _cipher!.Decrypt(segment, last, _segmentBuffer.AsSpan(0, length), _plaintext);
        }
        catch (CryptoException e)
        {
            // A sequential reader cannot resynchronise after a bad segment; every later read fails too.
            _fault = e;
            throw;
        }

        _nextSegment = segment + 1;
        _loadedSegment = segment;
        _loadedLength = length - StreamFormat.TagSize;
        _loadedOffset = 0;
        _finished = last;
        if (!last)
        {
            _segmentBuffer[0] = _segmentBuffer[length];
            _readAhead = 1;
        }
    }

    private int CopyOutSequential(Span<byte> destination)
    {
        if (!IsLoadedSegmentRemaining())
        {
            return 0;
        }

        var count = Math.Min(destination.Length, _loadedLength - _loadedOffset);
        _plaintext.AsSpan(_loadedOffset, count).CopyTo(destination);
        _loadedOffset += count;
        return count;
    }

    private void Release()
    {
        _disposed = true;
        _cipher?.Dispose();
        CryptographicOperations.ZeroMemory(_plaintext);
        if (_dataKey is not null)
        {
            CryptographicOperations.ZeroMemory(_dataKey);
            _dataKey = null;
        }
    }
}
