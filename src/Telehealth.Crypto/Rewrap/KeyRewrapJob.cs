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
/// that store only. Records of a shredded subject (their subject key was destroyed) need no key and are
/// skipped and counted, not failed.
/// </summary>
/// <remarks>
/// The job is resumable: every <see cref="CheckpointInterval"/> records it writes a checkpoint naming the
/// rotation it belongs to (keyring and target version), the stores it walks, its position and the
/// records that failed, and a later run continues from there. A checkpoint of another rotation, or of
/// another set of stores, is set aside and the job starts over, so no record is skipped. Start and
/// completion are written to the audit log.
/// </remarks>
public sealed partial class KeyRewrapJob
{
    /// <summary>The most failed record keys a result (and a checkpoint) names; the count goes on beyond it.</summary>
    public const int MaxFailedRecordKeys = 1_000;

    private readonly EnvelopeCipher _cipher;
    private readonly IEnvelopeStore? _store;
    private readonly bool _keyringWide;
    private readonly string _checkpointPath;
    private readonly TimeProvider _time;
    private readonly IAuditLog? _auditLog;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="KeyRewrapJob"/> class that moves everything the cipher's keyring wraps.</summary>
    /// <param name="cipher">The cipher whose keyring's primary version becomes the target.</param>
    /// <param name="checkpointPath">The checkpoint file; the job resumes from it when it exists and belongs to this rotation.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="auditLog">Where the job is recorded, or <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public KeyRewrapJob(EnvelopeCipher cipher, string checkpointPath, TimeProvider? timeProvider = null, IAuditLog? auditLog = null, ILogger<KeyRewrapJob>? logger = null)
        : this(cipher, null, keyringWide: true, checkpointPath, timeProvider, auditLog, logger)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="KeyRewrapJob"/> class that moves the envelopes of one store.</summary>
    /// <param name="cipher">The cipher whose keyring's primary version becomes the target.</param>
    /// <param name="store">The application's envelope store.</param>
    /// <param name="checkpointPath">The checkpoint file; the job resumes from it when it exists and belongs to this rotation.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="auditLog">Where the job is recorded, or <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public KeyRewrapJob(EnvelopeCipher cipher, IEnvelopeStore store, string checkpointPath, TimeProvider? timeProvider = null, IAuditLog? auditLog = null, ILogger<KeyRewrapJob>? logger = null)
        : this(cipher, store ?? throw new ArgumentNullException(nameof(store)), keyringWide: false, checkpointPath, timeProvider, auditLog, logger)
    {
    }

    private KeyRewrapJob(EnvelopeCipher cipher, IEnvelopeStore? store, bool keyringWide, string checkpointPath, TimeProvider? timeProvider, IAuditLog? auditLog, ILogger<KeyRewrapJob>? logger)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        _cipher = cipher;
        _store = store;
        _keyringWide = keyringWide;
        _checkpointPath = Path.GetFullPath(checkpointPath);
        _time = timeProvider ?? TimeProvider.System;
        _auditLog = auditLog;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets or sets how many records are processed between checkpoints.</summary>
    /// <value>The default is 1,000.</value>
    public int CheckpointInterval { get; set; } = 1_000;

    /// <summary>Runs (or resumes) the job to the end of the stores.</summary>
    /// <param name="cancellationToken">Stops the job after the current record; the checkpoint is kept.</param>
    /// <returns>What the job did in this run, with the failures of the runs it resumed.</returns>
    public async ValueTask<KeyRewrapJobResult> RunAsync(CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(CheckpointInterval);
        var keyring = _cipher.Keyring;
        var primary = keyring.Current.FindPrimary() ?? throw Errors.NoPrimaryKey(keyring.Id);
        var (store, storeNames, subjectKeyStores) = Targets();
        var progress = new Checkpoint { KeyringId = keyring.Id, TargetVersion = primary.Version, Stores = storeNames };
        var saved = ReadCheckpoint();
        var resumed = saved is not null && saved.BelongsTo(progress);
        if (saved is not null && !resumed)
        {
            LogCheckpointSetAside(saved.KeyringId ?? "(none)", saved.TargetVersion, keyring.Id, primary.Version);
        }
        else if (resumed)
        {
            progress = saved!;
        }

        await AuditAsync("crypto.rewrap.started", AuditOutcome.Success, cancellationToken).ConfigureAwait(false);
        LogStarted(resumed);

        using var activity = CryptoTelemetry.Source.StartActivity("crypto.rewrap_job");
        long scanned = 0, rewrapped = 0, current = 0, conflicts = 0, shredded = 0;
        int subjectKeysRewrapped = 0, subjectKeysFailed = 0;
        string? firstFailure = progress.FirstFailure;
        foreach (var subjectKeys in _keyringWide ? subjectKeyStores : [])
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

        await foreach (var stored in (store?.ListAsync(progress.After, cancellationToken) ?? AsyncEnumerable.Empty<StoredEnvelope>()).ConfigureAwait(false))
        {
            scanned++;
            if (SubjectKeyStore.IsShredded(stored.Header.Span, subjectKeyStores))
            {
                // Nothing can move without the subject key, and nothing needs the old version: not a failure.
                shredded++;
            }
            else
            {
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
                    progress.AddFailure(stored.RecordKey, ex.Code);
                    firstFailure ??= ex.Code;
                    LogRecordFailed(ex.Code);
                }
            }

            progress.After = stored.RecordKey;
            if (scanned % CheckpointInterval == 0)
            {
                WriteCheckpoint(progress);
            }
        }

        File.Delete(_checkpointPath);
        var summary = new KeyRewrapJobResult
        {
            Scanned = scanned,
            Rewrapped = rewrapped,
            AlreadyCurrent = current,
            Conflicts = conflicts,
            Failed = progress.Failed,
            FailedRecordKeys = [.. progress.FailedRecordKeys],
            Shredded = shredded,
            Resumed = resumed,
            SubjectKeysRewrapped = subjectKeysRewrapped,
            SubjectKeysFailed = subjectKeysFailed,
        };
        await AuditAsync("crypto.rewrap.completed", firstFailure is null ? AuditOutcome.Success : AuditOutcome.Failed(firstFailure), cancellationToken,
            AuditField.Operational("target", string.Create(CultureInfo.InvariantCulture, $"{keyring.Id}/v{primary.Version}")),
            AuditField.Operational("scanned", scanned.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("rewrapped", rewrapped.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("failed", progress.Failed.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("shredded", shredded.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("subject_keys.rewrapped", subjectKeysRewrapped.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("subject_keys.failed", subjectKeysFailed.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        LogCompleted(scanned, rewrapped, conflicts, progress.Failed, shredded);
        return summary;
    }

    /// <inheritdoc/>
    public override string ToString() => "KeyRewrapJob";

    /// <summary>
    /// The envelopes to move, the names of their stores (for the checkpoint) and the subject key stores:
    /// one store, or everything the keyring wraps, its envelope stores in name order so a checkpoint's
    /// position keeps its meaning. The subject key stores tell shredded records apart either way.
    /// </summary>
    private (IEnvelopeStore? Store, List<string> Names, IReadOnlyList<SubjectKeyStore> SubjectKeys) Targets()
    {
        var dependents = _cipher.Keyring.Dependents();
        var subjectKeys = dependents.SubjectKeys.DistinctBy(s => s.Directory, StringComparer.Ordinal).ToList();
        if (!_keyringWide)
        {
            return (_store, [KeyVersionCensus.RecordsSource], subjectKeys);
        }

        var stores = dependents.EnvelopeStores.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        return (stores.Count == 0 ? null : new CombinedEnvelopeStore(stores.Select(s => s.Store)), [.. stores.Select(s => s.Name)], subjectKeys);
    }

    private Checkpoint? ReadCheckpoint()
    {
        if (!File.Exists(_checkpointPath))
        {
            return null;
        }

        Checkpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize(File.ReadAllBytes(_checkpointPath), RewrapJsonContext.Default.Checkpoint);
        }
        catch (JsonException)
        {
            throw Errors.RewrapCheckpointDamaged("it is not valid JSON");
        }

        // A checkpoint that names no rotation (one of version 0.1) is set aside like one of another rotation.
        return checkpoint is null || checkpoint.FailedRecordKeys is null || checkpoint.Failed < 0 || checkpoint.FailedRecordKeys.Count > checkpoint.Failed
            ? throw Errors.RewrapCheckpointDamaged("its failure counts are inconsistent")
            : checkpoint;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rewrap checkpoint of {CheckpointKeyringId} v{CheckpointVersion} set aside: the job now moves records to {KeyringId} v{Version}, so it starts over.")]
    private partial void LogCheckpointSetAside(string checkpointKeyringId, int checkpointVersion, string keyringId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rewrap job could not re-wrap a record ({Code}); it stays on its key version.")]
    private partial void LogRecordFailed(string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rewrap job could not re-wrap {Count} subject keys (first failure {Code}); they stay on their key version.")]
    private partial void LogSubjectKeysFailed(int count, string code);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewrap job finished: {Scanned} scanned, {Rewrapped} re-wrapped, {Conflicts} changed meanwhile, {Failed} failed, {Shredded} shredded.")]
    private partial void LogCompleted(long scanned, long rewrapped, long conflicts, long failed, long shredded);

    /// <summary>Where a job stands: the rotation and stores it belongs to, its position and its failures so far.</summary>
    internal sealed class Checkpoint
    {
        public string? KeyringId { get; set; }

        public int TargetVersion { get; set; }

        public List<string>? Stores { get; set; }

        public string? After { get; set; }

        public long Failed { get; set; }

        public List<string> FailedRecordKeys { get; set; } = [];

        public string? FirstFailure { get; set; }

        /// <summary>Whether this checkpoint was written by a job moving the same stores to the same version.</summary>
        public bool BelongsTo(Checkpoint job) =>
            KeyringId is not null && string.Equals(KeyringId, job.KeyringId, StringComparison.Ordinal) && TargetVersion == job.TargetVersion
            && Stores is not null && job.Stores is not null && Stores.SequenceEqual(job.Stores, StringComparer.Ordinal);

        public void AddFailure(string recordKey, string code)
        {
            Failed++;
            FirstFailure ??= code;
            if (FailedRecordKeys.Count < MaxFailedRecordKeys)
            {
                FailedRecordKeys.Add(recordKey);
            }
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(KeyRewrapJob.Checkpoint))]
internal sealed partial class RewrapJsonContext : JsonSerializerContext;
