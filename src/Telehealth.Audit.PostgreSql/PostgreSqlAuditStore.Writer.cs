using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using static Telehealth.PostgreSql.PostgreSqlStoreSupport;

namespace Telehealth.Audit.PostgreSql;

/// <summary>The group-commit writer: one loop per instance drains waiting appends and stores each batch in one transaction.</summary>
public sealed partial class PostgreSqlAuditStore
{
    private static readonly byte[] EmptyLogHash = new byte[MerkleProofs.HashSize];

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
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);

            // The lock and the tail read are separate statements in one round trip: under READ
            // COMMITTED the tail query takes its snapshot after the lock is granted, so it sees the
            // last batch any node committed.
            long next;
            byte[] previousHash;
            using (var batch = new NpgsqlBatch(connection, transaction))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.Lock));
                batch.BatchCommands.Add(new NpgsqlBatchCommand(_sql.Tail));
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using var readerScope = reader.ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    next = reader.GetInt64(0) + 1;
                    previousHash = reader.GetFieldValue<byte[]>(1);
                }
                else
                {
                    next = 0;
                    previousHash = EmptyLogHash;
                }
            }

            if (previousHash.Length != MerkleProofs.HashSize)
            {
                throw Errors.DamagedTail();
            }

            var chained = AuditStoreWriter.Chain(next, previousHash, records);
            var sequences = new long[chained.Count];
            var data = new byte[chained.Count][];
            var leafHashes = new byte[chained.Count][];
            var results = new AuditAppendResult[chained.Count];
            for (var i = 0; i < chained.Count; i++)
            {
                sequences[i] = next + i;
                data[i] = chained[i].Data;
                leafHashes[i] = chained[i].LeafHash;
                results[i] = new AuditAppendResult(next + i, chained[i].LeafHash);
            }

            using (var insert = new NpgsqlCommand(_sql.Insert, connection, transaction))
            {
                insert.Parameters.Add(new NpgsqlParameter<long[]>("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = sequences });
                insert.Parameters.Add(new NpgsqlParameter<byte[][]>("data", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = data });
                insert.Parameters.Add(new NpgsqlParameter<byte[][]>("leaf_hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = leafHashes });
                await insert.PrepareAsync(cancellationToken).ConfigureAwait(false);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            committing = true;
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

            PostgreSqlAuditTelemetry.RecordCommitted(records.Count, Stopwatch.GetElapsedTime(start));
            activity?.SetTag("telehealth.audit.sequence.first", next);
            return results;
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
}
