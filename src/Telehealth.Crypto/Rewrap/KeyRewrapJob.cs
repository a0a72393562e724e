using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>
/// Moves every stored envelope onto the keyring's primary key-encryption key by re-wrapping data keys
/// only (the ciphertexts stay as they are). The job is resumable: it records its position in a
/// checkpoint file every <see cref="CheckpointInterval"/> records and continues from there after a
/// crash or restart. Start and completion are written to the audit log.
/// </summary>
public sealed partial class KeyRewrapJob
{
    private readonly IEnvelopeCipher _cipher;
    private readonly IEnvelopeStore _store;
    private readonly string _checkpointPath;
    private readonly TimeProvider _time;
    private readonly IAuditLog? _auditLog;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="KeyRewrapJob"/> class.</summary>
    /// <param name="cipher">The cipher whose keyring's primary version becomes the target.</param>
    /// <param name="store">The application's envelope store.</param>
    /// <param name="checkpointPath">The checkpoint file; the job resumes from it when it exists.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="auditLog">Where the job is recorded, or <see langword="null"/>.</param>
    /// <param name="logger">The logger.</param>
    public KeyRewrapJob(IEnvelopeCipher cipher, IEnvelopeStore store, string checkpointPath, TimeProvider? timeProvider = null, IAuditLog? auditLog = null, ILogger<KeyRewrapJob>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        _cipher = cipher;
        _store = store;
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
        string? firstFailure = null;
        var after = resumedAfter;
        await foreach (var stored in _store.ListAsync(after, cancellationToken).ConfigureAwait(false))
        {
            scanned++;
            try
            {
                var result = await _cipher.RewrapAsync(stored.Header, cancellationToken).ConfigureAwait(false);
                if (!result.Changed)
                {
                    current++;
                }
                else if (await _store.ReplaceHeaderAsync(stored.RecordKey, stored.Header[..result.ReplacedHeaderLength], result.ReplacedHeaderLength, result.Header, cancellationToken).ConfigureAwait(false))
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
        };
        await AuditAsync("crypto.rewrap.completed", firstFailure is null ? AuditOutcome.Success : AuditOutcome.Failed(firstFailure), cancellationToken,
            AuditField.Operational("scanned", scanned.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("rewrapped", rewrapped.ToString(CultureInfo.InvariantCulture)),
            AuditField.Operational("failed", failed.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        LogCompleted(scanned, rewrapped, conflicts, failed);
        return summary;
    }

    /// <inheritdoc/>
    public override string ToString() => "KeyRewrapJob";

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewrap job finished: {Scanned} scanned, {Rewrapped} re-wrapped, {Conflicts} changed meanwhile, {Failed} failed.")]
    private partial void LogCompleted(long scanned, long rewrapped, long conflicts, long failed);

    internal sealed record Checkpoint(string? After);
}

[JsonSerializable(typeof(KeyRewrapJob.Checkpoint))]
internal sealed partial class RewrapJsonContext : JsonSerializerContext;
