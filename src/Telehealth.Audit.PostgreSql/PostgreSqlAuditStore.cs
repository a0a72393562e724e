using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Telehealth.PostgreSql;
using static Telehealth.PostgreSql.PostgreSqlStoreSupport;

namespace Telehealth.Audit.PostgreSql;

/// <summary>
/// An <see cref="IAuditStore"/> in PostgreSQL that several application nodes share: every store
/// instance, in any process, that points at the same database and schema appends to one log with
/// one gap-free sequence and one hash chain.
/// </summary>
/// <remarks>
/// Appends are group-committed: one writer per instance takes up to
/// <see cref="PostgreSqlAuditStoreOptions.MaxBatchSize"/> waiting records and stores them in one
/// transaction that holds a transaction-scoped advisory lock, reads the tail and the right edge of
/// the tree, chains the batch after it, and inserts the entries together with the C2SP tlog-tiles
/// hash tiles they complete or extend. An append completes only after that transaction has
/// committed. Roots and proofs are served from the tiles, so they cost the same whatever the size
/// of the log. The tables are created on first use if they are missing, and the tiles of entries
/// written before tiles existed (version 0.1) are built on first use, in transactions of their own.
/// </remarks>
public sealed partial class PostgreSqlAuditStore : IAuditStore
{
    private const int ReadPageSize = 4096;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlAuditSql _sql;
    private readonly string _schema;
    private readonly int _maxBatchSize;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _queue;
    private readonly PostgreSqlTables _tables;
    private readonly Task _writer;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlAuditStore"/> class. It connects on first use.</summary>
    /// <param name="options">The options; they are copied, so later changes have no effect.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none. Nothing logged holds record values or the connection string.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public PostgreSqlAuditStore(PostgreSqlAuditStoreOptions options, ILogger<PostgreSqlAuditStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = PostgreSqlAuditStoreOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", failures), nameof(options));
        }

        _dataSource = CreateDataSource(options.ConnectionString, PostgreSqlAuditTelemetry.Name);
        _schema = options.Schema;
        _sql = new PostgreSqlAuditSql(options.Schema);
        _tables = new PostgreSqlTables(_dataSource, [_sql.EntriesName, _sql.CheckpointsName, _sql.TilesName], _sql.Lock, _sql.CreateSchema);
        _maxBatchSize = options.MaxBatchSize;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>
    /// Opens a store: makes sure its tables exist, so a wrong connection string or missing privilege
    /// shows at once, and that its hash tiles cover every entry. A log written by version 0.1 gets
    /// its tiles here, in transactions of 65,536 entries each, which any number of nodes may run at
    /// once. The end of the log is judged before anything is written.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">A cancellation token; tiles built before it fires stay built.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="AuditStoreException">The database cannot be reached, its tables cannot be created or its tiles cannot be built (TH1042), or the end of the log is damaged (TH1044, TH1046, TH1047, TH1048).</exception>
    public static async Task<PostgreSqlAuditStore> OpenAsync(PostgreSqlAuditStoreOptions options, ILogger<PostgreSqlAuditStore>? logger = null, CancellationToken cancellationToken = default)
    {
        var store = new PostgreSqlAuditStore(options, logger);
        try
        {
            await store.EnsureTilesAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="AuditStoreException">The batch holding the record failed (TH1040, TH1041, TH1042, TH1044), or the store is disposed (TH1022).</exception>
    public ValueTask<AuditAppendResult> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<AuditAppendResult>(cancellationToken);
        }

        var pending = new PendingAppend(record, cancellationToken);
        if (Volatile.Read(ref _disposed) != 0 || !_queue.Writer.TryWrite(pending))
        {
            return ValueTask.FromException<AuditAppendResult>(Errors.Closed());
        }

        return new ValueTask<AuditAppendResult>(pending.Completion.Task.WaitAsync(cancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask<long> GetCountAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _dataSource.CreateCommand(_sql.Count);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Errors.QueryFailed(ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Rows are streamed with a data reader, a page of up to 4,096 entries per query, so neither
    /// the log nor a long-running snapshot is held. Every committed prefix is gap-free, so paging by
    /// sequence never skips an entry.
    /// </remarks>
    public IAsyncEnumerable<AuditStoredEntry> ReadAsync(long fromSequence, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        ThrowIfDisposed();
        return ReadEntriesAsync(fromSequence, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask AppendCheckpointAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ThrowIfDisposed();
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _dataSource.CreateCommand(_sql.InsertCheckpoint);
            command.Parameters.AddWithValue("note", checkpoint.Note);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Errors.QueryFailed(ex);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<string> ReadCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return ReadCheckpointNotesAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One query: the checkpoint stored last.</remarks>
    public async ValueTask<string?> ReadLatestCheckpointAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _dataSource.CreateCommand(_sql.ReadLatestCheckpoint);
            return (string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Errors.QueryFailed(ex);
        }
    }

    /// <summary>Stores every append already accepted, then stops the writer and closes the connections.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _writer.ConfigureAwait(false);
            return;
        }

        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _tables.Dispose();
        _tilesGate.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"PostgreSqlAuditStore schema {_schema}";

    private async IAsyncEnumerable<AuditStoredEntry> ReadEntriesAsync(long fromSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var next = fromSequence;
        while (true)
        {
            var rows = 0;
            var (connection, reader) = await OpenPageAsync(next, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            await using (reader.ConfigureAwait(false))
            {
                while (await ReadRowAsync(reader, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    rows++;
                    next = entry.Position + 1;
                    yield return entry;
                }
            }

            if (rows < ReadPageSize)
            {
                yield break;
            }
        }
    }

    private async Task<(NpgsqlConnection Connection, NpgsqlDataReader Reader)> OpenPageAsync(long from, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand(_sql.ReadPage, connection);
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("limit", ReadPageSize);
            var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            return (connection, reader);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw Errors.QueryFailed(ex);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private static async Task<AuditStoredEntry?> ReadRowAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        try
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var sequence = reader.GetInt64(0);
            var data = await reader.GetFieldValueAsync<byte[]>(1, cancellationToken).ConfigureAwait(false);
            var leafHash = await reader.GetFieldValueAsync<byte[]>(2, cancellationToken).ConfigureAwait(false);
            return new AuditStoredEntry(sequence, data, leafHash);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Errors.QueryFailed(ex);
        }
    }

    private async IAsyncEnumerable<string> ReadCheckpointNotesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        var notes = new List<string>();
        try
        {
            // Checkpoints are few (one per interval), so reading them in one go keeps no
            // connection open while the caller works through them.
            using var command = _dataSource.CreateCommand(_sql.ReadCheckpoints);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                notes.Add(reader.GetString(0));
            }
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            throw Errors.QueryFailed(ex);
        }

        foreach (var note in notes)
        {
            yield return note;
        }
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await _tables.EnsureAsync(createIfMissing: true, cancellationToken).ConfigureAwait(false) == PostgreSqlTablesOutcome.Created)
            {
                LogTablesCreated(_logger, _schema);
            }
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            LogOpenFailed(_logger, ex.GetType().Name, SqlState(ex));
            throw Errors.OpenFailed(ex);
        }
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw Errors.Closed();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Storing a batch of {Count} audit records in PostgreSQL failed with {ExceptionType} (SQL state {SqlState}); the callers were told with {Code}.")]
    private static partial void LogBatchFailed(ILogger logger, int count, string exceptionType, string sqlState, string code);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created the PostgreSQL audit tables in schema {Schema}.")]
    private static partial void LogTablesCreated(ILogger logger, string schema);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Opening the PostgreSQL audit store failed with {ExceptionType} (SQL state {SqlState}).")]
    private static partial void LogOpenFailed(ILogger logger, string exceptionType, string sqlState);

    private sealed class PendingAppend(AuditRecord record, CancellationToken cancellationToken)
    {
        public AuditRecord Record { get; } = record;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<AuditAppendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
