using System.Globalization;
using Microsoft.Extensions.Logging;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>
/// Writes key operations to the audit log: the key id and version, never key material. Records that the
/// synchronous decrypt path cannot await are tracked until written: a failed append is logged with
/// <paramref name="logger"/>, and <see cref="DrainAsync"/> waits for all of them.
/// </summary>
internal sealed partial class KeyAudit(IAuditLog? log, TimeProvider time, ILogger? logger = null)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, byte> _pending = new();

    /// <summary>The actor recorded when an operation is not attributed to a person.</summary>
    public static readonly AuditActor ServiceActor = new("telehealth-crypto", AuditActorType.Service);

    public ValueTask KeyEventAsync(string action, string keyringId, int version, AuditActor? actor, CancellationToken cancellationToken, AuditOutcome? outcome = null, params AuditField[] extra) =>
        AppendAsync(action, KeyResource(keyringId, version), actor, outcome, extra, cancellationToken);

    /// <summary>Records a change to a managed integrity key set, by name and version.</summary>
    public ValueTask IntegrityKeyEventAsync(string action, string name, uint version, AuditActor? actor, CancellationToken cancellationToken) =>
        AppendAsync(action, new AuditResource("integrity-key", string.Create(CultureInfo.InvariantCulture, $"{name}/v{version}")), actor, null, [], cancellationToken);

    /// <summary>
    /// Records a decryption failure. The returned task completes once the record is written, or once its
    /// failure to be written is logged; it never faults. Until then it is tracked, so <see cref="DrainAsync"/>
    /// waits for it even when the synchronous decrypt path could not.
    /// </summary>
    public Task DecryptFailedAsync(string keyringId, int version, string code) =>
        Track("crypto.decrypt.failed", KeyEventAsync("crypto.decrypt.failed", keyringId, version, null, CancellationToken.None, AuditOutcome.Failed(code)));

    /// <summary>Records an event of the cipher over a whole keyring, tracked like <see cref="DecryptFailedAsync"/>.</summary>
    public Task CipherEventAsync(string action, string keyringId, AuditOutcome outcome, params AuditField[] extra) =>
        Track(action, AppendAsync(action, new AuditResource("crypto-keyring", keyringId), null, outcome, extra, CancellationToken.None));

    /// <summary>Waits for every tracked record to be written (or its failure logged).</summary>
    public Task DrainAsync() => Task.WhenAll(_pending.Keys);

    public static AuditResource KeyResource(string keyringId, int version) =>
        new("crypto-key", string.Create(CultureInfo.InvariantCulture, $"{keyringId}/v{version}"));

    /// <summary>
    /// Keeps an append that the caller may not await: a failure is logged (no caller is there to see it)
    /// and the append stays in <see cref="_pending"/> until it is done, so nothing is dropped unnoticed.
    /// </summary>
    private Task Track(string action, ValueTask append)
    {
        if (append.IsCompletedSuccessfully)
        {
            return Task.CompletedTask;
        }

        var written = append.AsTask().ContinueWith(
            t =>
            {
                if (t.Exception?.GetBaseException() is { } error && logger is not null)
                {
                    LogAppendFailed(logger, action, error is AuditException audit ? audit.Code : error.GetType().Name, error);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        _pending.TryAdd(written, 0);
        _ = written.ContinueWith(t => _pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return written;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit record {Action} could not be written ({Code}).")]
    private static partial void LogAppendFailed(ILogger logger, string action, string code, Exception exception);

    private async ValueTask AppendAsync(string action, AuditResource resource, AuditActor? actor, AuditOutcome? outcome, AuditField[] extra, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            return;
        }

        await log.AppendAsync(
            new AuditRecord
            {
                Actor = actor ?? ServiceActor,
                Action = action,
                Resource = resource,
                OccurredAt = time.GetUtcNow(),
                Outcome = outcome ?? AuditOutcome.Success,
                Extra = extra,
            },
            cancellationToken).ConfigureAwait(false);
    }
}
