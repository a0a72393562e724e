using System.Threading.Channels;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Telehealth.Audit;

/// <summary>
/// The audit log over one <see cref="IAuditStore"/>: validates and redacts records, keeps the
/// Merkle tree, signs checkpoints on a cadence (every <see cref="AuditOptions.CheckpointInterval"/>,
/// every <see cref="AuditOptions.CheckpointEveryRecords"/> records, and on dispose), and serves
/// proofs, queries and exports.
/// </summary>
public sealed partial class AuditLog : IAuditLog, IAsyncDisposable
{
    private readonly IAuditStore _store;
    private readonly AuditOptions _options;
    private readonly CheckpointSigningKey _signingKey;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AuditRecordSanitizer _sanitizer;
    private readonly MerkleTree _tree = new();
    private readonly SortedDictionary<long, (byte[] LeafHash, AuditRecord Record)> _pending = [];
    private readonly IAuditAlertRule[] _alertRules;
    private readonly IAuditAlertSink[] _alertSinks;
    private readonly Channel<(long Sequence, AuditRecord Record, byte[] LeafHash)>? _alertQueue;
    private readonly Task _alertLoop = Task.CompletedTask;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer _timer;
    private SignedCheckpoint? _latest;
    private bool _loaded;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="AuditLog"/> class.</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The options.</param>
    /// <param name="signingKey">The checkpoint signing key.</param>
    /// <param name="redactors">The redactors for personal fields.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="alertRules">Rules evaluated on every appended entry, in sequence order; none when <see langword="null"/>.</param>
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
        _alertRules = alertRules?.ToArray() ?? [];
        _alertSinks = alertSinks?.ToArray() ?? [];
        if (_alertRules.Length > 0)
        {
            _alertQueue = Channel.CreateUnbounded<(long, AuditRecord, byte[])>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            _alertLoop = Task.Run(EvaluateAlertsAsync);
        }

        _timer = _time.CreateTimer(static state => ((AuditLog)state!).OnTimer(), this, _options.CheckpointInterval, _options.CheckpointInterval);
    }

    /// <summary>Gets the verifier keys a verifier of this log should trust: the current one and every previous one.</summary>
    public IReadOnlyList<CheckpointVerifierKey> VerifierKeys => [_signingKey.VerifierKey, .. _options.PreviousVerifierKeys];

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
        var result = await _store.AppendAsync(sanitized, cancellationToken).ConfigureAwait(false);
        AddToTree(result, sanitized);
        AuditTelemetry.RecordAppend();
        activity?.SetTag("telehealth.audit.sequence", result.Sequence);
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
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SyncTreeAsync(cancellationToken).ConfigureAwait(false);
            var size = _tree.Size;
            if (_latest is not null && _latest.Checkpoint.TreeSize == size)
            {
                return _latest;
            }

            var checkpoint = new Checkpoint(_options.Origin, size, _tree.Root(size), _time.GetUtcNow());
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
        await SyncAsync(cancellationToken).ConfigureAwait(false);
        return new InclusionProof(sequence, treeSize, _tree.InclusionPath(sequence, treeSize));
    }

    /// <inheritdoc />
    public async ValueTask<ConsistencyProof> GetConsistencyProofAsync(long firstSize, long secondSize, CancellationToken cancellationToken = default)
    {
        await SyncAsync(cancellationToken).ConfigureAwait(false);
        return new ConsistencyProof(firstSize, secondSize, _tree.ConsistencyPath(firstSize, secondSize));
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
        await foreach (var stored in _store.ReadAsync(query.StartSequence, cancellationToken).ConfigureAwait(false))
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

        await AuditBundle.WriteAsync(destination, checkpoint, _signingKey.VerifierKey, _store.ReadAsync(fromSequence, cancellationToken), toSequence, seq => _tree.InclusionPath(seq, size), cancellationToken).ConfigureAwait(false);
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

        _alertQueue?.Writer.TryComplete();
        await _alertLoop.ConfigureAwait(false);
        _gate.Dispose();
    }

    private async ValueTask SyncAsync(CancellationToken cancellationToken)
    {
        await EnsureLoadedAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SyncTreeAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
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
                await SyncTreeAsync(cancellationToken).ConfigureAwait(false);
                await foreach (var note in _store.ReadCheckpointsAsync(cancellationToken).ConfigureAwait(false))
                {
                    _latest = SignedCheckpoint.Parse(note);
                }

                Volatile.Write(ref _loaded, true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Brings the tree up to the store's count, reading entries other writers (other nodes) appended.</summary>
    private async ValueTask SyncTreeAsync(CancellationToken cancellationToken)
    {
        var count = await _store.GetCountAsync(cancellationToken).ConfigureAwait(false);
        if (_tree.Size >= count)
        {
            return;
        }

        await foreach (var stored in _store.ReadAsync(_tree.Size, cancellationToken).ConfigureAwait(false))
        {
            lock (_pending)
            {
                if (stored.Position == _tree.Size)
                {
                    var record = _alertQueue is null ? null : AuditEntry.Decode(stored.Data.Span).Record;
                    AppendToTree(stored.Position, stored.StoredLeafHash.ToArray(), record);
                    _pending.Remove(stored.Position);
                }
            }

            if (stored.Position + 1 >= count)
            {
                break;
            }
        }

        DrainPending();
    }

    private void AddToTree(AuditAppendResult result, AuditRecord record)
    {
        lock (_pending)
        {
            if (result.Sequence >= _tree.Size)
            {
                _pending[result.Sequence] = (result.LeafHash.ToArray(), record);
            }
        }

        DrainPending();
    }

    private void DrainPending()
    {
        lock (_pending)
        {
            while (_pending.Remove(_tree.Size, out var entry))
            {
                AppendToTree(_tree.Size, entry.LeafHash, entry.Record);
            }
        }
    }

    /// <summary>Appends in sequence order (callers hold the <c>_pending</c> lock) and queues the entry for the alert rules.</summary>
    private void AppendToTree(long sequence, byte[] leafHash, AuditRecord? record)
    {
        _tree.Append(leafHash);
        if (record is not null)
        {
            _alertQueue?.Writer.TryWrite((sequence, record, leafHash));
        }
    }

    /// <summary>Runs the alert rules off the append path, one entry at a time, in sequence order.</summary>
    private async Task EvaluateAlertsAsync()
    {
        var previous = new byte[MerkleHash.Size];
        await foreach (var (sequence, record, leafHash) in _alertQueue!.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (sequence > 0)
            {
                previous = _tree.LeafHash(sequence - 1);
            }

            var entry = new AuditEntry(sequence, previous, record, AuditEntryCodec.Encode(sequence, previous, record), leafHash);
            foreach (var rule in _alertRules)
            {
                IEnumerable<AuditAlert> alerts;
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
            }
        }
    }

    private void OnTimer()
    {
        if (_disposed == 0 && _loaded && (_latest?.Checkpoint.TreeSize ?? 0) != _tree.Size)
        {
            _ = CheckpointInBackgroundAsync();
        }
    }

    private async Task CheckpointInBackgroundAsync()
    {
        try
        {
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

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Making a signed audit checkpoint failed.")]
    private static partial void LogCheckpointFailed(ILogger logger, Exception exception);
}
