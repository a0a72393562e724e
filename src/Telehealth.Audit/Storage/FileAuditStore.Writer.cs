using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Telehealth.Audit;

/// <summary>The group-commit writer: one loop drains queued appends, writes them in one go and fsyncs once.</summary>
public sealed partial class FileAuditStore
{
    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(_options.MaxBatchSize);
        var records = new List<AuditRecord>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            records.Clear();
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                records.Add(pending.Record);
            }

            try
            {
                var results = WriteBatch(records);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or AuditException)
            {
                LogWriteFailed(_logger, batch.Count, ex);
                var failure = ex as AuditException ?? new AuditStoreException("TH1023", "Writing audit records to disk failed; they were not stored.", ex);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(failure);
                }
            }
        }
    }

    private AuditAppendResult[] WriteBatch(List<AuditRecord> records)
    {
        var start = Stopwatch.GetTimestamp();
        var chained = AuditStoreWriter.Chain(_count, _lastHash, records);
        var size = 0;
        foreach (var (data, _) in chained)
        {
            size += FileSegmentFormat.FrameOverhead + data.Length;
        }

        if (_segment.Length > FileSegmentFormat.HeaderSize && _segment.Length + size > _options.SegmentMaxBytes)
        {
            RollSegment();
        }

        var buffer = new byte[size];
        var offset = 0;
        var results = new AuditAppendResult[chained.Count];
        for (var i = 0; i < chained.Count; i++)
        {
            offset += FileSegmentFormat.WriteFrame(buffer.AsSpan(offset), chained[i].Data, chained[i].LeafHash);
            results[i] = new AuditAppendResult(_count + i, chained[i].LeafHash);
        }

        var before = _segment.Length;
        try
        {
            _segment.Write(buffer);
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
            _lastHash = chained[^1].LeafHash;
            Volatile.Write(ref _count, _count + chained.Count);
        }

        AuditTelemetry.RecordBatch(chained.Count, Stopwatch.GetElapsedTime(start));
        return results;
    }

    private void RollSegment()
    {
        var path = Path.Combine(_options.Directory, FileSegmentFormat.FileName(_count));
        CreateSegmentFileAsync(path, _count, CancellationToken.None).GetAwaiter().GetResult();
        _segment.Dispose();
        _segment = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
        _segment.Seek(0, SeekOrigin.End);
        lock (_segments)
        {
            _segments.Add((_count, path));
            _segmentFirst = _count;
        }

        LogSegmentRolled(_logger, _count);
    }

    private static async Task CreateSegmentFileAsync(string path, long firstSequence, CancellationToken cancellationToken)
    {
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1))
        {
            await stream.WriteAsync(FileSegmentFormat.Header(firstSequence), cancellationToken).ConfigureAwait(false);
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

    private sealed class PendingAppend(AuditRecord record)
    {
        public AuditRecord Record { get; } = record;

        public TaskCompletionSource<AuditAppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
