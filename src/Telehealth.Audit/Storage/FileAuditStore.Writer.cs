using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Telehealth.Audit;

/// <summary>
/// The group-commit writer: one loop drains queued appends, writes them in one go and fsyncs once,
/// then adds their leaf hashes to the tree's right edge and writes the tiles they complete.
/// </summary>
public sealed partial class FileAuditStore
{
    /// <summary>The most entry bytes one group commit writes; it bounds the frame buffer.</summary>
    internal const int MaxBatchBytes = 64 << 20;

    /// <summary>Gets or sets a fault raised before a chunk is written, for tests of the writer's failure handling.</summary>
    internal Func<Exception?>? WriteFault { get; set; }

    /// <summary>Gets or sets a fault raised while a failed write is undone, for tests of the writer's failure handling.</summary>
    internal Func<Exception?>? UndoFault { get; set; }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        using var hasher = new MerkleHasher();
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                long bytes = 0;
                while (batch.Count < _options.MaxBatchSize
                    && reader.TryPeek(out var next)
                    && (batch.Count == 0 || bytes + FileSegmentFormat.FrameOverhead + next.Entry.Length <= MaxBatchBytes)
                    && reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                    bytes += FileSegmentFormat.FrameOverhead + pending.Entry.Length;
                }

                if (Volatile.Read(ref _stopped) is { } stopped)
                {
                    Fail(batch, 0, stopped);
                    continue;
                }

                WriteBatch(batch, hasher);
            }
        }
        catch (Exception ex)
        {
            // Nothing should get here; if something does, no append may be left waiting.
            Stop(ex);
            Fail(batch, 0, _stopped!);
        }
    }

    /// <summary>Writes a batch in chunks: a chunk ends where a new segment must start, always at a tile boundary.</summary>
    private void WriteBatch(List<PendingAppend> batch, MerkleHasher hasher)
    {
        var done = 0;
        while (done < batch.Count)
        {
            var end = batch.Count;
            try
            {
                if (_segment.Length > FileSegmentFormat.HeaderSize && _segment.Length + BytesOf(batch, done, end) > _options.SegmentMaxBytes)
                {
                    // Segments start on tile boundaries, so the right edge of the tree is always in the last one.
                    var toBoundary = (int)Math.Min(end - done, (TlogTiles.Width - (_count % TlogTiles.Width)) % TlogTiles.Width);
                    if (toBoundary == 0)
                    {
                        RollSegment();
                    }
                    else
                    {
                        end = done + toBoundary;
                    }
                }

                WriteChunk(batch, done, end, hasher);
            }
            catch (Exception ex)
            {
                LogWriteFailed(_logger, batch.Count - done, ex);
                Fail(batch, done, ex as AuditException ?? Volatile.Read(ref _stopped) ?? Errors.WriteFailed(ex));
                return;
            }

            done = end;
        }
    }

    private void WriteChunk(List<PendingAppend> batch, int from, int to, MerkleHasher hasher)
    {
        var start = Stopwatch.GetTimestamp();
        var size = (int)BytesOf(batch, from, to);
        if (_frameBuffer.Length < size)
        {
            _frameBuffer = new byte[Math.Max(size, Math.Min(MaxBatchBytes + AuditEntryCodec.MaxEntrySize + FileSegmentFormat.FrameOverhead, _frameBuffer.Length * 2L))];
        }

        // One array holds the chunk's leaf hashes; each result gets a slice of it.
        var count = to - from;
        var leaves = new byte[count * MerkleHash.Size];
        var previous = _lastHash.AsSpan();
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            var entry = batch[from + i].Entry;
            var leaf = leaves.AsSpan(i * MerkleHash.Size, MerkleHash.Size);
            AuditEntryCodec.SetPlace(entry, _count + i, previous);
            hasher.Leaf(entry, leaf);
            offset += FileSegmentFormat.WriteFrame(_frameBuffer.AsSpan(offset), entry, leaf);
            previous = leaf;
        }

        var before = _segment.Length;
        try
        {
            if (WriteFault?.Invoke() is { } fault)
            {
                // Half the chunk reaches the file before the fault, as a failing disk may leave it.
                _segment.Write(_frameBuffer, 0, size / 2);
                throw fault;
            }

            _segment.Write(_frameBuffer, 0, size);
            _segment.Flush(flushToDisk: true);
        }
        catch (Exception ex)
        {
            // Leave no partial write behind: a later batch must not follow bytes nobody acknowledged.
            // If even that fails, the file's end is unknown and the store stops writing.
            try
            {
                if (UndoFault?.Invoke() is { } undoFault)
                {
                    throw undoFault;
                }

                _segment.SetLength(before);
                _segment.Seek(0, SeekOrigin.End);
                _segment.Flush(flushToDisk: true);
            }
            catch (Exception undo) when (undo is IOException or UnauthorizedAccessException)
            {
                Stop(ex);
            }

            throw;
        }

        var first = _count;
        lock (_treeLock)
        {
            _edge.Append(leaves, (level, index, tile) => _unwrittenTiles[(level, index)] = tile.ToArray());

            lock (_segments)
            {
                _lastHash = previous.ToArray();
                Volatile.Write(ref _count, _count + count);
            }
        }

        try
        {
            _head.Write(first + count, previous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogTilesNotWritten(_logger, ex);
        }

        for (var i = 0; i < count; i++)
        {
            batch[from + i].Completion.TrySetResult(new AuditAppendResult(first + i, leaves.AsMemory(i * MerkleHash.Size, MerkleHash.Size)));
        }

        AuditTelemetry.RecordBatch(count, Stopwatch.GetElapsedTime(start));
        if (UnwrittenTileCount() > 0 && Interlocked.Exchange(ref _tileWriteScheduled, 1) == 0)
        {
            // Tiles are written beside the next group commit, not before it: the writer's time is the
            // log's throughput. Until written they are served from memory; a checkpoint writes and
            // fsyncs them before it is stored, and closing the store waits for them.
            _tileWrites = Task.Run(WriteTilesInBackground);
        }
    }

    private void WriteTilesInBackground()
    {
        // Cleared before the tiles are taken, so a tile completed meanwhile schedules another run.
        Volatile.Write(ref _tileWriteScheduled, 0);
        try
        {
            WriteUnwrittenTiles();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogTilesNotWritten(_logger, ex);
        }
    }

    private int UnwrittenTileCount()
    {
        lock (_treeLock)
        {
            return _unwrittenTiles.Count;
        }
    }

    private void RollSegment()
    {
        var path = Path.Combine(_options.Directory, FileSegmentFormat.FileName(_count));
        CreateSegmentFile(path, _count);
        _segment.Dispose();
        _segment = OpenForAppend(path);
        lock (_segments)
        {
            _segments.Add((_count, path));
        }

        LogSegmentRolled(_logger, _count);
    }

    private static long BytesOf(List<PendingAppend> batch, int from, int to)
    {
        long bytes = 0;
        for (var i = from; i < to; i++)
        {
            bytes += FileSegmentFormat.FrameOverhead + batch[i].Entry.Length;
        }

        return bytes;
    }

    private static void Fail(List<PendingAppend> batch, int from, AuditException failure)
    {
        for (var i = from; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetException(failure);
        }
    }

    /// <summary>Stops the store for good: every queued and later append fails with the reason.</summary>
    private void Stop(Exception reason)
    {
        var stopped = Errors.WriterStopped(reason);
        if (Interlocked.CompareExchange(ref _stopped, stopped, null) is null)
        {
            LogWriterStopped(_logger, reason);
        }

        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Completion.TrySetException(_stopped!);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Writing a batch of {Count} audit records failed; the callers were told.")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Audit segment sealed; a new segment starts at sequence {FirstSequence}.")]
    private static partial void LogSegmentRolled(ILogger logger, long firstSequence);

    [LoggerMessage(EventId = 7, Level = LogLevel.Critical, Message = "The audit store stopped writing: a failed write could not be undone. Every further append fails until the store is reopened.")]
    private static partial void LogWriterStopped(ILogger logger, Exception exception);

    private sealed class PendingAppend(byte[] entry)
    {
        /// <summary>Gets the encoded entry; the writer fills in its sequence and predecessor hash.</summary>
        public byte[] Entry { get; } = entry;

        public TaskCompletionSource<AuditAppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
