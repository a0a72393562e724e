using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Telehealth.Audit;

/// <summary>The group-commit writer: one loop drains queued appends, writes them in one go and fsyncs once.</summary>
public sealed partial class FileAuditStore
{
    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        using var hasher = new MerkleHasher();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                var results = WriteBatch(batch, hasher);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or AuditException)
            {
                LogWriteFailed(_logger, batch.Count, ex);
                var failure = ex as AuditException ?? Errors.WriteFailed(ex);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(failure);
                }
            }
        }
    }

    private AuditAppendResult[] WriteBatch(List<PendingAppend> batch, MerkleHasher hasher)
    {
        var start = Stopwatch.GetTimestamp();
        var size = 0;
        foreach (var pending in batch)
        {
            size += FileSegmentFormat.FrameOverhead + pending.Entry.Length;
        }

        if (_segment.Length > FileSegmentFormat.HeaderSize && _segment.Length + size > _options.SegmentMaxBytes)
        {
            RollSegment();
        }

        if (_frameBuffer.Length < size)
        {
            _frameBuffer = new byte[Math.Max(size, _frameBuffer.Length * 2)];
        }

        // One array holds the batch's leaf hashes; each result gets a slice of it.
        var leaves = new byte[batch.Count * MerkleHash.Size];
        var results = new AuditAppendResult[batch.Count];
        var previous = _lastHash.AsSpan();
        var offset = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch[i].Entry;
            var leaf = leaves.AsMemory(i * MerkleHash.Size, MerkleHash.Size);
            AuditEntryCodec.SetPlace(entry, _count + i, previous);
            hasher.Leaf(entry, leaf.Span);
            offset += FileSegmentFormat.WriteFrame(_frameBuffer.AsSpan(offset), entry, leaf.Span);
            results[i] = new AuditAppendResult(_count + i, leaf);
            previous = leaf.Span;
        }

        var before = _segment.Length;
        try
        {
            _segment.Write(_frameBuffer, 0, size);
            _segment.Flush(flushToDisk: true);
        }
        catch
        {
            // Leave no partial batch behind: a later batch must not follow bytes nobody acknowledged.
            _segment.SetLength(before);
            _segment.Seek(0, SeekOrigin.End);
            throw;
        }

        lock (_segments)
        {
            _lastHash = previous.ToArray();
            Volatile.Write(ref _count, _count + batch.Count);
        }

        AuditTelemetry.RecordBatch(batch.Count, Stopwatch.GetElapsedTime(start));
        return results;
    }

    private void RollSegment()
    {
        var path = Path.Combine(_options.Directory, FileSegmentFormat.FileName(_count));
        CreateSegmentFile(path, _count);
        _segment.Dispose();
        _segment = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
        _segment.Seek(0, SeekOrigin.End);
        lock (_segments)
        {
            _segments.Add((_count, path));
        }

        LogSegmentRolled(_logger, _count);
    }

    private static void CreateSegmentFile(string path, long firstSequence)
    {
        using (var stream = OwnerOnlyFiles.Open(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1))
        {
            stream.Write(FileSegmentFormat.Header(firstSequence));
            stream.Flush(flushToDisk: true);
        }

        DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Writing a batch of {Count} audit records failed; the callers were told.")]
    private static partial void LogWriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Audit segment sealed; a new segment starts at sequence {FirstSequence}.")]
    private static partial void LogSegmentRolled(ILogger logger, long firstSequence);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Audit store recovery cut {Bytes} bytes of an unacknowledged, incomplete write from the end of {Segment}; {Count} entries are intact.")]
    private static partial void LogTornTail(ILogger logger, long bytes, string segment, long count);

    private sealed class PendingAppend(byte[] entry)
    {
        /// <summary>Gets the encoded entry; the writer fills in its sequence and predecessor hash.</summary>
        public byte[] Entry { get; } = entry;

        public TaskCompletionSource<AuditAppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
