using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using Telehealth.PostgreSql;
using static Telehealth.PostgreSql.PostgreSqlStoreSupport;

namespace Telehealth.Crypto.PostgreSql;

/// <summary>
/// An <see cref="IKeyringStore"/> in PostgreSQL that several application nodes share, for clusters
/// without a shared file system. Each keyring is one row of <c>keyrings</c> and one row per version
/// in <c>keyring_versions</c>; a write is one transaction that swaps the revision only if it is still
/// the expected one and then replaces the versions.
/// </summary>
/// <remarks>
/// Keyring state holds no key material: provider references of the local provider are keys sealed
/// under the master key, which never reaches the database. The tables are created on first use when
/// <see cref="PostgreSqlKeyringStoreOptions.CreateSchemaIfMissing"/> is set.
/// </remarks>
public sealed partial class PostgreSqlKeyringStore : IKeyringStore, IAsyncDisposable, IDisposable
{
    private static readonly Dictionary<string, KeyEncryptionKeyState> StatesByName =
        Enum.GetValues<KeyEncryptionKeyState>().ToDictionary(s => s.ToString(), StringComparer.Ordinal);

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlKeyringSql _sql;
    private readonly string _schema;
    private readonly bool _createSchemaIfMissing;
    private readonly ILogger _logger;
    private readonly PostgreSqlTables _tables;
    private volatile bool _columnsReady;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="PostgreSqlKeyringStore"/> class. It connects on first use.</summary>
    /// <param name="options">The options; they are copied, so later changes have no effect.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none. Nothing logged holds provider references or the connection string.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public PostgreSqlKeyringStore(PostgreSqlKeyringStoreOptions options, ILogger<PostgreSqlKeyringStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = PostgreSqlKeyringStoreOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", failures), nameof(options));
        }

        _dataSource = CreateDataSource(options.ConnectionString, PostgreSqlKeyringTelemetry.Name, options.CommandTimeout);
        _schema = options.Schema;
        _sql = new PostgreSqlKeyringSql(options.Schema);
        _tables = new PostgreSqlTables(_dataSource, [_sql.KeyringsName, _sql.VersionsName], _sql.Lock, _sql.CreateTables);
        _createSchemaIfMissing = options.CreateSchemaIfMissing;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Opens a store and makes sure its tables exist, so a wrong connection string or a missing privilege shows at once.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="CryptoException">The database cannot be reached, or its tables are missing and cannot be created (TH2046).</exception>
    public static async Task<PostgreSqlKeyringStore> OpenAsync(PostgreSqlKeyringStoreOptions options, ILogger<PostgreSqlKeyringStore>? logger = null, CancellationToken cancellationToken = default)
    {
        var store = new PostgreSqlKeyringStore(options, logger);
        try
        {
            await store.EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>The keyring row and its versions are read by one statement, so they come from one snapshot.</remarks>
    /// <exception cref="CryptoException">
    /// The store cannot be opened (TH2046), the read failed (TH2047), or the stored rows are not a
    /// consistent keyring (TH2039).
    /// </exception>
    public async ValueTask<KeyringDocument?> LoadAsync(string keyringId, CancellationToken cancellationToken = default)
    {
        RequireKeyringId(keyringId, nameof(keyringId));
        ThrowIfDisposed();
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        using var activity = PostgreSqlKeyringTelemetry.Source.StartActivity("crypto.postgresql.keyring.load");
        activity?.SetTag("telehealth.crypto.keyring", keyringId);

        List<Row> rows;
        try
        {
            rows = await ReadRowsAsync(keyringId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            LogOperationFailed(_logger, "load", keyringId, ex.GetType().Name, SqlState(ex));
            throw Errors.LoadFailed(keyringId, ex);
        }

        if (rows.Count == 0)
        {
            return null;
        }

        var document = ToDocument(keyringId, rows);
        document.Validate(keyringId);
        return document;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One transaction: the keyring row is inserted (when <paramref name="expectedRevision"/> is 0) or
    /// updated only where its revision is <paramref name="expectedRevision"/>; when that touches no row,
    /// nothing is changed and the result is <see langword="false"/>. Otherwise the keyring's versions
    /// are replaced and the transaction commits. The row lock taken by the swap makes concurrent
    /// writers with the same expected revision wait, and all but one of them find the revision changed.
    /// </remarks>
    /// <exception cref="ArgumentException">The document's revision is not <paramref name="expectedRevision"/> + 1, or the document is not a consistent keyring.</exception>
    /// <exception cref="CryptoException">
    /// The store cannot be opened (TH2046), the write failed and was rolled back (TH2048), or the
    /// connection failed during commit, so whether it was stored is unknown (TH2049).
    /// </exception>
    public async ValueTask<bool> TryWriteAsync(KeyringDocument document, long expectedRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        RequireKeyringId(document.KeyringId, nameof(document));
        ArgumentOutOfRangeException.ThrowIfNegative(expectedRevision);
        if (document.Revision != expectedRevision + 1)
        {
            throw new ArgumentException("The document's revision must be the expected revision plus one.", nameof(document));
        }

        try
        {
            document.Validate(document.KeyringId);
        }
        catch (CryptoException ex)
        {
            throw new ArgumentException("The document is not a consistent keyring; it would be refused when loaded.", nameof(document), ex);
        }

        ThrowIfDisposed();
        await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        using var activity = PostgreSqlKeyringTelemetry.Source.StartActivity("crypto.postgresql.keyring.write");
        activity?.SetTag("telehealth.crypto.keyring", document.KeyringId);

        NpgsqlTransaction? transaction = null;
        NpgsqlConnection? connection = null;
        try
        {
            try
            {
                connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                if (!await SwapRevisionAsync(connection, transaction, document, expectedRevision, cancellationToken).ConfigureAwait(false))
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    PostgreSqlKeyringTelemetry.RecordConflict();
                    activity?.SetTag("telehealth.crypto.outcome", "conflict");
                    LogWriteConflict(_logger, document.KeyringId, expectedRevision);
                    return false;
                }

                await ReplaceVersionsAsync(connection, transaction, document, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsDatabaseFailure(ex))
            {
                LogOperationFailed(_logger, "write", document.KeyringId, ex.GetType().Name, SqlState(ex));
                throw Errors.WriteFailed(document.KeyringId, ex);
            }

            try
            {
                // Not cancellable: once the versions are written, giving up half-way through COMMIT would
                // only turn a known outcome into an unknown one.
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (PostgresException ex)
            {
                // The server answered and refused the commit, so the transaction was rolled back.
                LogOperationFailed(_logger, "commit", document.KeyringId, ex.GetType().Name, ex.SqlState);
                throw Errors.WriteFailed(document.KeyringId, ex);
            }
            catch (Exception ex) when (IsDatabaseFailure(ex))
            {
                LogOperationFailed(_logger, "commit", document.KeyringId, ex.GetType().Name, SqlState(ex));
                throw Errors.CommitOutcomeUnknown(document.KeyringId, ex);
            }

            activity?.SetTag("telehealth.crypto.outcome", "written");
            return true;
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Closes the store's connections.</summary>
    /// <returns>A task that completes when the connections are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _dataSource.DisposeAsync().ConfigureAwait(false);
        _tables.Dispose();
    }

    /// <summary>Closes the store's connections.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _dataSource.Dispose();
        _tables.Dispose();
    }

    /// <summary>Describes the store by its schema, never by its connection string.</summary>
    /// <returns>The type and schema name.</returns>
    public override string ToString() => $"PostgreSqlKeyringStore(schema {_schema})";

    private async Task<List<Row>> ReadRowsAsync(string keyringId, CancellationToken cancellationToken)
    {
        using var command = _dataSource.CreateCommand(_sql.Load);
        command.Parameters.Add(new NpgsqlParameter<string>("keyring_id", keyringId));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var rows = new List<Row>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new Row(
                reader.GetInt64(0),
                reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                NullableString(reader, 3),
                NullableString(reader, 4),
                NullableString(reader, 5),
                NullableString(reader, 6),
                NullableString(reader, 7),
                NullableString(reader, 8),
                reader.IsDBNull(9) ? 0 : reader.GetInt64(9)));
        }

        return rows;
    }

    private static void RequireKeyringId(string keyringId, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyringId, parameterName);
        if (!KeyringDocument.IsValidKeyringId(keyringId))
        {
            throw new ArgumentException("A keyring id is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.", parameterName);
        }
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static KeyringDocument ToDocument(string keyringId, List<Row> rows)
    {
        var versions = new List<KeyEncryptionKeyVersion>(rows.Count);
        foreach (var row in rows)
        {
            // A keyring without versions joins to one row of nulls.
            if (row.Version is not { } number)
            {
                continue;
            }

            if (row.State is null || !StatesByName.TryGetValue(row.State, out var state))
            {
                throw Errors.Damaged($"keyring '{keyringId}' v{number.ToString(CultureInfo.InvariantCulture)} has an unknown state");
            }

            versions.Add(new KeyEncryptionKeyVersion
            {
                Version = number,
                State = state,
                Provider = row.Provider!,
                ProviderReference = row.ProviderReference!,
                CreatedAt = ParseTime(keyringId, number, row.CreatedAt),
                PromotedAt = row.PromotedAt is null ? null : ParseTime(keyringId, number, row.PromotedAt),
                StateChangedAt = ParseTime(keyringId, number, row.StateChangedAt),
                WrapsReserved = row.WrapsReserved,
            });
        }

        return new KeyringDocument
        {
            KeyringId = keyringId,
            Revision = rows[0].Revision,
            MinimumDecryptionVersion = rows[0].MinimumDecryptionVersion,
            Versions = versions,
        };
    }

    private static DateTimeOffset ParseTime(string keyringId, int version, string? text) =>
        text is not null && DateTimeOffset.TryParseExact(text, "o", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw Errors.Damaged($"keyring '{keyringId}' v{version.ToString(CultureInfo.InvariantCulture)} has an invalid timestamp");

    private static string FormatTime(DateTimeOffset value) => value.ToString("o", CultureInfo.InvariantCulture);

    private async Task<bool> SwapRevisionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, KeyringDocument document, long expectedRevision, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(expectedRevision == 0 ? _sql.Insert : _sql.Update, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("keyring_id", document.KeyringId));
        command.Parameters.Add(new NpgsqlParameter<long>("revision", document.Revision));
        command.Parameters.Add(new NpgsqlParameter<int>("minimum", document.MinimumDecryptionVersion));
        if (expectedRevision != 0)
        {
            command.Parameters.Add(new NpgsqlParameter<long>("expected", expectedRevision));
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private async Task ReplaceVersionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, KeyringDocument document, CancellationToken cancellationToken)
    {
        var versions = document.Versions;
        using var batch = new NpgsqlBatch(connection, transaction);
        var delete = new NpgsqlBatchCommand(_sql.DeleteVersions);
        delete.Parameters.Add(new NpgsqlParameter<string>("keyring_id", document.KeyringId));
        batch.BatchCommands.Add(delete);

        var insert = new NpgsqlBatchCommand(_sql.InsertVersions);
        insert.Parameters.Add(new NpgsqlParameter<string>("keyring_id", document.KeyringId));
        insert.Parameters.Add(new NpgsqlParameter<int[]>("versions", versions.Select(v => v.Version).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("states", versions.Select(v => v.State.ToString()).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("providers", versions.Select(v => v.Provider).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("references", versions.Select(v => v.ProviderReference).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter<string[]>("created", versions.Select(v => FormatTime(v.CreatedAt)).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter<string?[]>("promoted", versions.Select(v => v.PromotedAt is { } at ? FormatTime(at) : null).ToArray())
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("changed", versions.Select(v => FormatTime(v.StateChangedAt)).ToArray()));
        insert.Parameters.Add(new NpgsqlParameter<long[]>("wraps", versions.Select(v => v.WrapsReserved).ToArray()));
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        PostgreSqlTablesOutcome outcome;
        try
        {
            outcome = await _tables.EnsureAsync(_createSchemaIfMissing, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            LogOpenFailed(_logger, ex.GetType().Name, SqlState(ex));
            throw Errors.OpenFailed(ex);
        }

        if (outcome == PostgreSqlTablesOutcome.Missing)
        {
            LogTablesMissing(_logger, _schema);
            throw Errors.OpenFailed(null);
        }

        if (outcome == PostgreSqlTablesOutcome.Created)
        {
            LogTablesCreated(_logger, _schema);
        }

        if (!_columnsReady)
        {
            await EnsureWrapCounterAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Adds the wrap counter (<see cref="KeyEncryptionKeyVersion.WrapsReserved"/>) to tables of version
    /// 0.1, looking first so a role without DDL rights can open tables a migration role upgraded.
    /// </summary>
    private async Task EnsureWrapCounterAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var connectionScope = connection.ConfigureAwait(false);
            using (var exists = new NpgsqlCommand(_sql.HasWrapCounter, connection))
            {
                exists.Parameters.Add(new NpgsqlParameter<string>("schema", _schema));
                if ((bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                {
                    _columnsReady = true;
                    return;
                }
            }

            if (!_createSchemaIfMissing)
            {
                LogWrapCounterMissing(_logger, _schema);
                throw Errors.OpenFailed(null);
            }

            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var transactionScope = transaction.ConfigureAwait(false);
            using (var lockCommand = new NpgsqlCommand(_sql.Lock, connection, transaction))
            {
                await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            using (var alter = new NpgsqlCommand(_sql.AddWrapCounter, connection, transaction))
            {
                await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            LogWrapCounterAdded(_logger, _schema);
            _columnsReady = true;
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            LogOpenFailed(_logger, ex.GetType().Name, SqlState(ex));
            throw Errors.OpenFailed(ex);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "The PostgreSQL keyring store's {Operation} of keyring {KeyringId} failed with {ExceptionType} (SQL state {SqlState}).")]
    private static partial void LogOperationFailed(ILogger logger, string operation, string keyringId, string exceptionType, string sqlState);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created the PostgreSQL keyring tables in schema {Schema}.")]
    private static partial void LogTablesCreated(ILogger logger, string schema);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Opening the PostgreSQL keyring store failed with {ExceptionType} (SQL state {SqlState}).")]
    private static partial void LogOpenFailed(ILogger logger, string exceptionType, string sqlState);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "The PostgreSQL keyring tables are missing from schema {Schema}, and CreateSchemaIfMissing is off.")]
    private static partial void LogTablesMissing(ILogger logger, string schema);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "Keyring {KeyringId} changed since revision {ExpectedRevision}; the write was not applied.")]
    private static partial void LogWriteConflict(ILogger logger, string keyringId, long expectedRevision);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Added the wrap counter to the PostgreSQL keyring tables in schema {Schema}.")]
    private static partial void LogWrapCounterAdded(ILogger logger, string schema);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "The PostgreSQL keyring tables in schema {Schema} lack the wraps_reserved column of version 0.2, and CreateSchemaIfMissing is off.")]
    private static partial void LogWrapCounterMissing(ILogger logger, string schema);

    private sealed record Row(
        long Revision,
        int MinimumDecryptionVersion,
        int? Version,
        string? State,
        string? Provider,
        string? ProviderReference,
        string? CreatedAt,
        string? PromotedAt,
        string? StateChangedAt,
        long WrapsReserved);
}
