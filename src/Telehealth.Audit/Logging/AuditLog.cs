using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Telehealth.Audit;

/// <summary>
/// The audit log over one <see cref="IAuditStore"/>: validates and redacts records, signs
/// checkpoints of the store's Merkle tree on a cadence (every <see cref="AuditOptions.CheckpointInterval"/>,
/// every <see cref="AuditOptions.CheckpointEveryRecords"/> records, and on dispose), serves proofs
/// from the store's hash tiles, queries and exports, and runs the alert rules on new entries.
/// </summary>
/// <remarks>
/// Before it appends or signs anything, the log checks the history it would build on (at start-up
/// through the host, or on first use): the newest stored checkpoint must be signed by one of
/// <see cref="VerifierKeys"/>, name this log's origin, and have the root the stored tree gives at its
/// size. If not, every append and checkpoint fails with <see cref="AuditErrorCodes.HistoryMismatch"/>,
/// an alert is raised and the reason is logged: a log must never sign on top of history that
/// contradicts what it signed before.
/// </remarks>
public sealed partial class AuditLog : IAuditLog, IAsyncDisposable
{
    /// <summary>The rule name of the alert raised when the stored history does not match a signed checkpoint.</summary>
    public const string IntegrityAlertRule = "audit-integrity";

    private readonly IAuditStore _store;
    private readonly AuditOptions _options;
    private readonly CheckpointSigningKey _signingKey;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AuditRecordSanitizer _sanitizer;
    private readonly TileTree _tree;
    private readonly IAuditAlertRule[] _alertRules;
    private readonly IAuditAlertSink[] _alertSinks;
    private readonly SemaphoreSlim _alertSignal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _timer;
    private readonly Dictionary<long, (AuditRecord Record, ReadOnlyMemory<byte> LeafHash)> _ownForAlerts = [];
    private Task _alertLoop = Task.CompletedTask;
    private long _alertNext = long.MaxValue;
    private SignedCheckpoint? _latest;
    private AuditStoreException? _historyMismatch;
    private bool _loaded;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="AuditLog"/> class.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The options.</param>
    /// <param name="signingKey">The checkpoint signing key.</param>
    /// <param name="redactors">The redactors for personal fields.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="alertRules">Rules evaluated on every entry appended after the log started, in sequence order; none when <see langword="null"/>.</param>
    /// <param name="alertSinks">Where raised alerts go; none when <see langword="null"/>.</param>
    public AuditLog(
        IAuditStore store,
        IOptions<AuditOptions> options,
        CheckpointSigningKey signingKey,
        IRedactorProvider redactors,
        ILogger<AuditLog> logger,
        TimeProvider? timeProvider = null,
        IEnumerable<IAuditAlertRule>? alertRules = null,
        IEnumerable<IAuditAlertSink>? alertSinks = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentNullException.ThrowIfNull(redactors);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _options = options.Value;
        _signingKey = signingKey;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger;
        _sanitizer = new AuditRecordSanitizer(_options, redactors, _time);
        _tree = new TileTree(store.ReadTileAsync, summaries: (store as FileAuditStore)?.TileSummaries);
        _alertRules = alertRules?.ToArray() ?? [];
        _alertSinks = alertSinks?.ToArray() ?? [];
        _timer = _time.CreateTimer(static state => ((AuditLog)state!).OnTimer(), this, _options.CheckpointInterval, _options.CheckpointInterval);
    }

    /// <summary>Gets the verifier keys a verifier of this log should trust: the current one and every previous one.</summary>
    public IReadOnlyList<CheckpointVerifierKey> VerifierKeys => [_signingKey.VerifierKey, .. _options.PreviousVerifierKeys];

    /// <summary>
    /// Loads the log: checks the stored history against the newest stored checkpoint (see the
    /// remarks of <see cref="AuditLog"/>) and starts the alert rules on entries appended from now on.
    /// The host calls it at start-up; otherwise the first operation does. Calling it again does nothing.
    /// </summary>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the log is loaded.</returns>
    public async ValueTask StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<AuditAppendResult> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        using var activity = AuditTelemetry.Source.StartActivity("audit.append");
        AuditRecord sanitized;
        try
        {
            sanitized = _sanitizer.Sanitize(record);
        }
        catch (AuditRecordRejectedException ex)
        {
            AuditTelemetry.RecordRejected();
            LogRejected(_logger, ex.Code, ex.Field);
            throw;
        }

        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfHistoryMismatch();
        var result = await _store.AppendAsync(sanitized, cancellationToken).ConfigureAwait(false);
        AuditTelemetry.RecordAppend();
        activity?.SetTag("telehealth.audit.sequence", result.Sequence);
        if (_alertRules.Length > 0)
        {
            // The alert rules get this record from here rather than reading it back from the store.
            lock (_ownForAlerts)
            {
                if (result.Sequence >= _alertNext)
                {
                    _ownForAlerts[result.Sequence] = (sanitized, result.LeafHash);
                }
            }

            SignalAlerts();
        }
        if ((result.Sequence + 1) % _options.CheckpointEveryRecords == 0)
        {
            _ = CheckpointInBackgroundAsync();
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask<SignedCheckpoint> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        ThrowIfHistoryMismatch();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var size = await _store.GetCountAsync(cancellationToken).ConfigureAwait(false);
            if (_latest is not null && _latest.Checkpoint.TreeSize == size)
            {
                return _latest;
            }

            var root = await _tree.RootAsync(size, cancellationToken).ConfigureAwait(false);
            var checkpoint = new Checkpoint(_options.Origin, size, root, _time.GetUtcNow());
            var signed = SignedCheckpoint.Sign(checkpoint, _signingKey);
            await _store.AppendCheckpointAsync(signed, cancellationToken).ConfigureAwait(false);
            _latest = signed;
            AuditTelemetry.RecordCheckpoint();
            return signed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<InclusionProof> GetInclusionProofAsync(long sequence, long treeSize, CancellationToken cancellationToken = default)
    {
        await CheckTreeSizeAsync(treeSize, cancellationToken).ConfigureAwait(false);
        return new InclusionProof(sequence, treeSize, await _tree.InclusionPathAsync(sequence, treeSize, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<ConsistencyProof> GetConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken = default)
    {
        await CheckTreeSizeAsync(secondSize, cancellationToken).ConfigureAwait(false);
        return new ConsistencyProof(firstSize, secondSize, await _tree.ConsistencyPathAsync(firstSize, secondSize, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async ValueTask<AuditPage> QueryAsync(AuditQuery query, AuditActor reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(query.StartSequence);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1);
        var entries = new List<AuditEntry>();
        long? next = null;
        // Entries a prune removed are in the archive bundles; the query starts where the store does.
        var start = Math.Max(query.StartSequence, (await _store.GetPruneMarkAsync(cancellationToken).ConfigureAwait(false))?.FirstRetained ?? 0);
        await foreach (var stored in _store.ReadAsync(start, cancellationToken).ConfigureAwait(false))
        {
            if (entries.Count == query.PageSize)
            {
                next = stored.Position;
                break;
            }

            var entry = AuditEntry.Decode(stored.Data.Span);
            if (query.Matches(entry.Record))
            {
                entries.Add(entry);
            }
        }

        await AppendAsync(
            new AuditRecord
            {
                Actor = reader,
                Action = "audit.read",
                Resource = new AuditResource("audit-log", _options.Origin),
                Extra = [AuditField.Operational("result.count", entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            },
            cancellationToken).ConfigureAwait(false);
        return new AuditPage(entries, next);
    }

    /// <inheritdoc />
    public async Task ExportBundleAsync(Stream destination, long fromSequence, long toSequence, AuditActor exporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(exporter);
        var checkpoint = await CheckpointAsync(cancellationToken).ConfigureAwait(false);
        var size = checkpoint.Checkpoint.TreeSize;
        if (fromSequence < 0 || toSequence < fromSequence || toSequence > size)
        {
            throw new ArgumentOutOfRangeException(nameof(toSequence), "The range must lie within the newest checkpoint.");
        }

        await AuditBundle.WriteAsync(destination, checkpoint, _signingKey.VerifierKey, _store.ReadAsync(fromSequence, cancellationToken), toSequence, (seq, ct) => _tree.InclusionPathAsync(seq, size, ct), cancellationToken).ConfigureAwait(false);
        await AppendAsync(
            new AuditRecord
            {
                Actor = exporter,
                Action = "audit.export",
                Resource = new AuditResource("audit-log", _options.Origin),
                Extra =
                [
                    AuditField.Operational("range.from", fromSequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    AuditField.Operational("range.to", toSequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ],
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Signs a final checkpoint and stops the checkpoint timer. The store is not disposed: it belongs to its creator.</summary>
    /// <returns>A task that completes when the final checkpoint is stored.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        try
        {
            await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuditException or IOException or ObjectDisposedException)
        {
            LogCheckpointFailed(_logger, ex);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _alertLoop.ConfigureAwait(false);
        _stopping.Dispose();
        _alertSignal.Dispose();
        _gate.Dispose();
    }

    private async ValueTask CheckTreeSizeAsync(long treeSize, CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        var count = await _store.GetCountAsync(cancellationToken).ConfigureAwait(false);
        if (treeSize > count)
        {
            throw new ArgumentOutOfRangeException(nameof(treeSize), treeSize, $"Must be at most {count}, the number of stored entries.");
        }
    }

    private void ThrowIfHistoryMismatch()
    {
        if (_historyMismatch is { } mismatch)
        {
            throw mismatch;
        }
    }

    private async ValueTask EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loaded))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_loaded)
            {
                var count = await _store.GetCountAsync(cancellationToken).ConfigureAwait(false);
                var problem = await CheckStoredHistoryAsync(count, cancellationToken).ConfigureAwait(false);
                if (problem is not null)
                {
                    _historyMismatch = Errors.HistoryMismatch(problem);
                    LogHistoryMismatch(_logger, problem);
                    await PublishAsync(new AuditAlert(IntegrityAlertRule, AuditAlertSeverity.Critical, "The audit log refuses to append or sign: " + problem, count, _time.GetUtcNow())).ConfigureAwait(false);
                }

                if (_alertRules.Length > 0)
                {
                    Volatile.Write(ref _alertNext, count);
                    _alertLoop = Task.Run(() => EvaluateAlertsAsync(count), CancellationToken.None);
                }

                Volatile.Write(ref _loaded, true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Checks the newest stored checkpoint against the keys, the origin and the stored tree; returns what is wrong, or null.</summary>
    private async ValueTask<string?> CheckStoredHistoryAsync(long count, CancellationToken cancellationToken)
    {
        SignedCheckpoint latest;
        try
        {
            if (await _store.ReadLatestCheckpointAsync(cancellationToken).ConfigureAwait(false) is not { } note)
            {
                return null;
            }

            latest = SignedCheckpoint.Parse(note);
        }
        catch (AuditFormatException)
        {
            return "the newest stored checkpoint is malformed.";
        }

        var size = latest.Checkpoint.TreeSize;
        if (!latest.IsSignedByAny(VerifierKeys))
        {
            return $"the newest stored checkpoint ({size} entries) is not signed by a trusted key.";
        }

        if (latest.Checkpoint.Origin != _options.Origin)
        {
            return "the newest stored checkpoint belongs to another log (its origin differs from the configured one).";
        }

        if (size > count)
        {
            return $"the newest signed checkpoint covers {size} entries but the store holds {count}.";
        }

        try
        {
            var root = await _tree.RootAsync(size, cancellationToken).ConfigureAwait(false);
            if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(root, latest.Checkpoint.RootHash.Span))
            {
                return $"the stored tree does not have the root of the newest signed checkpoint ({size} entries): history it covers was rewritten.";
            }
        }
        catch (AuditException ex)
        {
            return $"the stored tree cannot be read ({ex.Code}).";
        }

        _latest = latest;
        return null;
    }

    private void SignalAlerts()
    {
        if (_alertRules.Length > 0 && _alertSignal.CurrentCount == 0)
        {
            try
            {
                _alertSignal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another append signalled first; one wake-up covers both.
            }
        }
    }

    /// <summary>
    /// Runs the alert rules off the append path, one entry at a time, in sequence order, on every
    /// entry stored after <paramref name="first"/> (this log's appends and other nodes'). Entries
    /// stored before the log started were evaluated when they were appended, so a restart raises
    /// no alert twice.
    /// </summary>
    private async Task EvaluateAlertsAsync(long first)
    {
        var next = first;
        byte[]? previous = first == 0 ? new byte[MerkleHash.Size] : null;
        var token = _stopping.Token;
        var stopping = false;
        while (true)
        {
            try
            {
                await _alertSignal.WaitAsync(token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // One last pass, so appends that completed before the stop are evaluated.
                stopping = true;
            }

            try
            {
                var count = await _store.GetCountAsync(CancellationToken.None).ConfigureAwait(false);
                while (next < count)
                {
                    (AuditRecord Record, ReadOnlyMemory<byte> LeafHash) own;
                    bool mine;
                    lock (_ownForAlerts)
                    {
                        mine = _ownForAlerts.Remove(next, out own);
                    }

                    AuditEntry entry;
                    if (mine)
                    {
                        previous ??= await LeafHashAsync(next - 1).ConfigureAwait(false);
                        entry = new AuditEntry(next, previous, own.Record, AuditEntryCodec.Encode(next, previous, own.Record), own.LeafHash.ToArray());
                    }
                    else
                    {
                        // Another node's entry, or one whose append has not returned yet: read it back.
                        entry = await ReadEntryAsync(next).ConfigureAwait(false);
                    }

                    await EvaluateAsync(entry).ConfigureAwait(false);
                    previous = entry.LeafHash.ToArray();
                    lock (_ownForAlerts)
                    {
                        _alertNext = ++next;
                    }
                }
            }
            catch (Exception ex) when (ex is AuditException or IOException or ObjectDisposedException)
            {
                LogAlertFailed(_logger, nameof(AuditLog), ex);
            }

            if (stopping)
            {
                return;
            }
        }
    }

    private async ValueTask<AuditEntry> ReadEntryAsync(long sequence)
    {
        await foreach (var stored in _store.ReadAsync(sequence, CancellationToken.None).ConfigureAwait(false))
        {
            return AuditEntry.Decode(stored.Data.Span);
        }

        throw Errors.Format("the store holds fewer entries than its count.");
    }

    private async ValueTask<byte[]> LeafHashAsync(long sequence)
    {
        var width = (int)(sequence % TlogTiles.Width) + 1;
        var tile = new byte[width * MerkleHash.Size];
        await _store.ReadTileAsync(0, sequence / TlogTiles.Width, width, tile, CancellationToken.None).ConfigureAwait(false);
        return tile[^MerkleHash.Size..];
    }

    private async Task EvaluateAsync(AuditEntry entry)
    {
        foreach (var rule in _alertRules)
        {
            List<AuditAlert> alerts;
            try
            {
                alerts = rule.Evaluate(entry).ToList();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogAlertFailed(_logger, rule.GetType().Name, ex);
                continue;
            }

            foreach (var alert in alerts)
            {
                await PublishAsync(alert).ConfigureAwait(false);
            }
        }
    }

    private async Task PublishAsync(AuditAlert alert)
    {
        foreach (var sink in _alertSinks)
        {
            try
            {
                await sink.PublishAsync(alert, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogAlertFailed(_logger, sink.GetType().Name, ex);
            }
        }
    }

    private void OnTimer()
    {
        if (_disposed == 0 && _loaded && _historyMismatch is null)
        {
            // Other nodes may have appended: their entries get a checkpoint and the alert rules too.
            SignalAlerts();
            _ = CheckpointInBackgroundAsync();
        }
    }

    private async Task CheckpointInBackgroundAsync()
    {
        try
        {
            var count = await _store.GetCountAsync(CancellationToken.None).ConfigureAwait(false);
            if (count == (Volatile.Read(ref _latest)?.Checkpoint.TreeSize ?? 0))
            {
                return;
            }

            await CheckpointAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuditException or IOException or ObjectDisposedException)
        {
            LogCheckpointFailed(_logger, ex);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Audit record rejected ({Code}) because of field {Field}.")]
    private static partial void LogRejected(ILogger logger, string code, string field);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "Audit alert component {Component} failed; the audit log itself is unaffected.")]
    private static partial void LogAlertFailed(ILogger logger, string component, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Critical, Message = "The audit log refuses to append or sign: {Problem}")]
    private static partial void LogHistoryMismatch(ILogger logger, string problem);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Making a signed audit checkpoint failed.")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
