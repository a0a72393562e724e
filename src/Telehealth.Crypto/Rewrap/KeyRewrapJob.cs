using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>
/// Moves stored envelopes onto the keyring's primary key-encryption key by re-wrapping data keys only
/// (the ciphertexts stay as they are). Built over an <see cref="EnvelopeCipher"/> alone, it moves
/// everything the cipher's keyring wraps: first the subject keys, then every envelope store registered
/// with the keyring (the integrity keys included); built over one <see cref="IEnvelopeStore"/>, it moves
/// that store only. The job is resumable: it records its position in a checkpoint file every
/// <see cref="CheckpointInterval"/> records and continues from there after a crash or restart. Start
/// and completion are written to the audit log.
/// </summary>
public sealed partial class KeyRewrapJob
{
    private readonly IEnvelopeCipher _cipher;
    private readonly IEnvelopeStore? _store;
    private readonly Keyring? _keyring;
    private readonly string _checkpointPath;
    private readonly TimeProvider _time;
    private readonly IAuditLog? _auditLog;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="KeyRewrapJob"/> class that moves everything the cipher's keyring wraps.</summary>
    /// <param name="cipher">The cipher whose keyring's primary version becomes the target.</param>
    /// <param name="checkpointPath">The checkpoint file; the job resumes from it when it exists.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="auditLog">Where the job is recorded, or <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public KeyRewrapJob(EnvelopeCipher cipher, string checkpointPath, TimeProvider? timeProvider = null, IAuditLog? auditLog = null, ILogger<KeyRewrapJob>? logger = null)
        : this((IEnvelopeCipher)cipher, null, cipher?.Keyring, checkpointPath, timeProvider, auditLog, logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="KeyRewrapJob"/> class that moves the envelopes of one store.</summary>
    /// <param name="cipher">The cipher whose keyring's primary version becomes the target.</param>
    /// <param name="store">The application's envelope store.</param>
    /// <param name="checkpointPath">The checkpoint file; the job resumes from it when it exists.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="auditLog">Where the job is recorded, or <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public KeyRewrapJob(IEnvelopeCipher cipher, IEnvelopeStore store, string checkpointPath, TimeProvider? timeProvider = null, IAuditLog? auditLog = null, ILogger<KeyRewrapJob>? logger = null)
        : this(cipher, store ?? throw new ArgumentNullException(nameof(store)), null, checkpointPath, timeProvider, auditLog, logger)
    {
    }

    private KeyRewrapJob(IEnvelopeCipher cipher, IEnvelopeStore? store, Keyring? keyring, string checkpointPath, TimeProvider? timeProvider, IAuditLog? auditLog, ILogger<KeyRewrapJob>? logger)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        _cipher = cipher;
        _store = store;
        _keyring = keyring;
        _checkpointPath = Path.GetFullPath(checkpointPath);
        _time = timeProvider ?? TimeProvider.System;
        _auditLog = auditLog;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets or sets how many records are processed between checkpoints.</summary>
    /// <value>The default is 1,000.</value>
    public int CheckpointInterval { get; set; } = 1_000;

    /// <summary>Runs (or resumes) the job to the end of the store.</summary>
    /// <param name="cancellationToken">Stops the job after the current record; the checkpoint is kept.</param>
    /// <returns>What the job did in this run.</returns>
    public async ValueTask<KeyRewrapJobResult> RunAsync(CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CheckpointInterval);
        var checkpoint = ReadCheckpoint();
        var resumedAfter = checkpoint?.After;
        await AuditAsync("crypto.rewrap.started", AuditOutcome.Success, cancellationToken).ConfigureAwait(false);
        LogStarted(resumedAfter is not null);

        using var activity = CryptoTelemetry.Source.StartActivity("crypto.rewrap_job");
        long scanned = 0, rewrapped = 0, current = 0, conflicts = 0, failed = 0;
        int subjectKeysRewrapped = 0, subjectKeysFailed = 0;
        string? firstFailure = null;
        var (store, subjectKeyStores) = Targets();
        foreach (var subjectKeys in subjectKeyStores)
        {
            // Subject key files are few and a pass skips the ones already moved, so they need no checkpoint.
            var moved = await subjectKeys.RewrapAllAsync(cancellationToken).ConfigureAwait(false);
            subjectKeysRewrapped += moved.Rewrapped;
            subjectKeysFailed += moved.Failed;
            if (moved.FirstFailure is { } failure)
            {
                firstFailure ??= failure.Code;
                LogSubjectKeysFailed(moved.Failed, failure.Code);
            }
        }

        var after = resumedAfter;
        await foreach (var stored in (store?.ListAsync(after, cancellationToken) ?? AsyncEnumerable.Empty<StoredEnvelope>()).ConfigureAwait(false))
        {
            scanned++;
            try
            {
                var result = await _cipher.RewrapAsync(stored.Header, cancellationToken).ConfigureAwait(false);
                if (!result.Changed)
                {
                    current++;
                }
                else if (await store!.ReplaceHeaderAsync(stored.RecordKey, stored.Header[..result.ReplacedHeaderLength], result.ReplacedHeaderLength, result.Header, cancellationToken).ConfigureAwait(false))
                {
                    rewrapped++;
                    CryptoTelemetry.Rewrapped.Add(1);
                }
                else
                {
                    conflicts++;
                }
            }
            catch (CryptoException ex)
            {
                failed++;
                firstFailure ??= ex.Code;
                LogRecordFailed(ex.Code);
            }

            after = stored.RecordKey;
            if (scanned % CheckpointInterval == 0)
            {
                WriteCheckpoint(new Checkpoint(after));
            }
        }

        File.Delete(_checkpointPath);
        var summary = new KeyRewrapJobResult
        {
            Scanned = scanned,
            Rewrapped = rewrapped,
            AlreadyCurrent = current,
            Conflicts = conflicts,
            Failed = failed,
            Resumed = resumedAfter is not null,
            SubjectKeysRewrapped = subjectKeysRewrapped,
            SubjectKeysFailed = subjectKeysFailed,
        };
        await AuditAsync("crypto.rewrap.completed", firstFailure is null ? AuditOutcome.Success : AuditOutcome.Failed(firstFailure), cancellationToken,
            AuditField.Operational("scanned", scanned.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("rewrapped", rewrapped.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("failed", failed.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("subject_keys.rewrapped", subjectKeysRewrapped.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("subject_keys.failed", subjectKeysFailed.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        LogCompleted(scanned, rewrapped, conflicts, failed);
        return summary;
    }

    /// <inheritdoc/>
    public override string ToString() => "KeyRewrapJob";

    /// <summary>
    /// The envelopes to move and the subject key stores to move first: one store, or everything the
    /// keyring wraps, its envelope stores in name order so a checkpoint's position keeps its meaning.
    /// </summary>
    private (IEnvelopeStore? Store, IReadOnlyList<SubjectKeyStore> SubjectKeys) Targets()
    {
        if (_keyring is null)
        {
            return (_store, []);
        }

        var dependents = _keyring.Dependents();
        var stores = dependents.EnvelopeStores.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Store).ToList();
        return (stores.Count == 0 ? null : new CombinedEnvelopeStore(stores), [.. dependents.SubjectKeys.DistinctBy(s => s.Directory, StringComparer.Ordinal)]);
    }

    private Checkpoint? ReadCheckpoint()
    {
        if (!File.Exists(_checkpointPath))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(_checkpointPath), RewrapJsonContext.Default.Checkpoint)
                ?? throw Errors.RewrapCheckpointDamaged("it is empty");
        }
        catch (JsonException)
        {
            throw Errors.RewrapCheckpointDamaged("it is not valid JSON");
        }
    }

    private void WriteCheckpoint(Checkpoint checkpoint) =>
        SecureFiles.WriteAtomically(_checkpointPath, JsonSerializer.SerializeToUtf8Bytes(checkpoint, RewrapJsonContext.Default.Checkpoint));

    private async ValueTask AuditAsync(string action, AuditOutcome outcome, CancellationToken cancellationToken, params AuditField[] extra)
    {
        if (_auditLog is null)
        {
            return;
        }

        await _auditLog.AppendAsync(
            new AuditRecord
            {
                Actor = KeyAudit.ServiceActor,
                Action = action,
                Resource = new AuditResource("crypto-rewrap-job", Path.GetFileName(_checkpointPath)),
                OccurredAt = _time.GetUtcNow(),
                Outcome = outcome,
                Extra = extra,
            },
            cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewrap job started (resumed: {Resumed}).")]
    private partial void LogStarted(bool resumed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rewrap job could not re-wrap a record ({Code}); it stays on its key version.")]
    private partial void LogRecordFailed(string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rewrap job could not re-wrap {Count} subject keys (first failure {Code}); they stay on their key version.")]
    private partial void LogSubjectKeysFailed(int count, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewrap job finished: {Scanned} scanned, {Rewrapped} re-wrapped, {Conflicts} changed meanwhile, {Failed} failed.")]
    private partial void LogCompleted(long scanned, long rewrapped, long conflicts, long failed);

    internal sealed record Checkpoint(string? After);
}

[JsonSerializable(typeof(KeyRewrapJob.Checkpoint))]
internal sealed partial class RewrapJsonContext : JsonSerializerContext;
