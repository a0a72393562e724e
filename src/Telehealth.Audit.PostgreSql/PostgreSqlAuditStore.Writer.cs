using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using static Telehealth.PostgreSql.PostgreSqlStoreSupport;

namespace Telehealth.Audit.PostgreSql;

/// <summary>The group-commit writer: one loop per instance drains waiting appends and stores each batch in one transaction.</summary>
public sealed partial class PostgreSqlAuditStore
{
    // Used only by the writer loop.
    private NpgsqlConnection? _writerConnection;

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(_maxBatchSize);
        var records = new List<AuditRecord>(_maxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            records.Clear();
            while (batch.Count < _maxBatchSize && reader.TryRead(out var pending))
            {
                // A caller that gave up before its record was taken gets no stored record.
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Completion.TrySetCanceled(pending.CancellationToken);
                    continue;
                }

                batch.Add(pending);
                records.Add(pending.Record);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            AuditAppendResult[] results;
            try
            {
                results = await CommitBatchAsync(records).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Whatever happened, the writer must go on and every caller of the batch must hear.
                var failure = ex as AuditException ?? Errors.BatchRolledBack(ex);
                PostgreSqlAuditTelemetry.RecordFailed(batch.Count);
                LogBatchFailed(_logger, batch.Count, failure.InnerException?.GetType().Name ?? failure.GetType().Name, SqlState(failure.InnerException ?? failure), failure.Code);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(failure);
                }

                continue;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }

        await CloseWriterConnectionAsync().ConfigureAwait(false);
    }

    private async Task CloseWriterConnectionAsync()
    {
        if (_writerConnection is { } connection)
        {
            _writerConnection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stores a batch in one transaction and returns each record's place, or throws an <see cref="AuditException"/>.</summary>
    private async Task<AuditAppendResult[]> CommitBatchAsync(List<AuditRecord> records)
    {
        // The writer is not cancelled by callers: a batch, once started, is finished or failed as
        // a whole. Npgsql's command timeout bounds a stuck server.
        var cancellationToken = CancellationToken.None;
        using var activity = PostgreSqlAuditTelemetry.Source.StartActivity("audit.postgresql.append_batch", ActivityKind.Client);
        activity?.SetTag("db.system.name", "postgresql");
        activity?.SetTag("telehealth.audit.batch.size", records.Count);

        var start = Stopwatch.GetTimestamp();
        var committing = false;
        try
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);

            // The writer keeps one connection (and its prepared statements) between batches.
            var connection = _writerConnection ??= await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                // Tiles behind the entries (entries a node of version 0.1 appended) are brought up
                // in transactions of their own first, so the one that appends stays short.
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var transactionScope = transaction.ConfigureAwait(false);
                var (tail, results) = await WriteUnderLockAsync(connection, transaction, records, cancellationToken).ConfigureAwait(false);
                committing = results is not null;
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                LogIfTilesBuilt(tail);
                if (results is not null)
                {
                    PostgreSqlAuditTelemetry.RecordCommitted(records.Count, Stopwatch.GetElapsedTime(start));
                    activity?.SetTag("telehealth.audit.sequence.first", results[0].Sequence);
                    return results;
                }
            }
        }
        catch (Exception ex)
        {
            // The connection may be broken or mid-protocol; the next batch starts on a fresh one.
            await CloseWriterConnectionAsync().ConfigureAwait(false);
            var failure = ex as AuditException ?? (committing ? Errors.CommitOutcomeUnknown(ex) : Errors.BatchRolledBack(ex));
            activity?.SetStatus(ActivityStatusCode.Error, failure.Code);
            throw failure;
        }
    }

    /// <summary>
    /// The work of one transaction, under the log's advisory lock: reads and judges the end of the
    /// log, brings the tiles up to the entries (at most <see cref="TileCatchUpLimit"/> leaves), and
    /// when they reach the last entry, appends <paramref name="records"/> after it. The entries and
    /// the tiles that cover them are written together, so no transaction can see one without the other.
    /// </summary>
    /// <returns>What was read, and each record's place; no places when the tiles are still behind and nothing was appended.</returns>
    private async Task<(StoredTail Tail, AuditAppendResult[]? Results)> WriteUnderLockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        var writes = new TileWrites();
        var tail = await StoredTail.ReadAsync(connection, transaction, _sql, TileCatchUpLimit, writes, cancellationToken).ConfigureAwait(false);
        using var batch = new NpgsqlBatch(connection, transaction);
        AuditAppendResult[]? results = null;
        if (tail.ReachesEnd)
        {
            var chained = AuditStoreWriter.Chain(tail.Count, tail.LastLeafHash, records);
            var sequences = new long[chained.Count];
            var data = new byte[chained.Count][];
            var leafHashes = new byte[chained.Count][];
            var leaves = new byte[chained.Count * MerkleProofs.HashSize];
            results = new AuditAppendResult[chained.Count];
            for (var i = 0; i < chained.Count; i++)
            {
                sequences[i] = tail.Count + i;
                data[i] = chained[i].Data;
                leafHashes[i] = chained[i].LeafHash;
                chained[i].LeafHash.CopyTo(leaves, i * MerkleProofs.HashSize);
                results[i] = new AuditAppendResult(tail.Count + i, chained[i].LeafHash);
            }

            if (chained.Count > 0)
            {
                var insert = new NpgsqlBatchCommand(_sql.Insert);
                insert.Parameters.Add(new NpgsqlParameter<long[]>("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = sequences });
                insert.Parameters.Add(new NpgsqlParameter<byte[][]>("data", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = data });
                insert.Parameters.Add(new NpgsqlParameter<byte[][]>("leaf_hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = leafHashes });
                batch.BatchCommands.Add(insert);
                tail.Edge.Append(leaves, writes.AddFull);
            }
        }

        writes.AddChangedPartials(tail.Edge);
        if (writes.Count > 0)
        {
            batch.BatchCommands.Add(writes.ToCommand(_sql));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (writes.Count > 0 && batch.BatchCommands[^1].RecordsAffected != writes.Count)
            {
                throw Errors.TileWouldChange();
            }
        }

        return (tail, results);
    }
}
