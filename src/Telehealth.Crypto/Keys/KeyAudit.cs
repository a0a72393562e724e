using System.Globalization;
using Microsoft.Extensions.Logging;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>
/// Writes key operations to the audit log: the key id and version, never key material. Records that are
/// not awaited (from the synchronous decrypt path) are observed: a failed append is logged with
/// <paramref name="logger"/>, since no caller is there to see it.
/// </summary>
internal sealed partial class KeyAudit(IAuditLog? log, TimeProvider time, ILogger? logger = null)
{
    /// <summary>The actor recorded when an operation is not attributed to a person.</summary>
    public static readonly AuditActor ServiceActor = new("telehealth-crypto", AuditActorType.Service);

    public ValueTask KeyEventAsync(string action, string keyringId, int version, AuditActor? actor, CancellationToken cancellationToken, AuditOutcome? outcome = null, params AuditField[] extra) =>
        AppendAsync(action, KeyResource(keyringId, version), actor, outcome, extra, cancellationToken);

    /// <summary>Records a change to a managed integrity key set, by name and version.</summary>
    public ValueTask IntegrityKeyEventAsync(string action, string name, uint version, AuditActor? actor, CancellationToken cancellationToken) =>
        AppendAsync(action, new AuditResource("integrity-key", string.Create(CultureInfo.InvariantCulture, $"{name}/v{version}")), actor, null, [], cancellationToken);

    /// <summary>Records a failure without waiting, for the synchronous decrypt path; append errors are observed.</summary>
    public void DecryptFailed(string keyringId, int version, string code) =>
        WithoutWaiting("crypto.decrypt.failed", KeyEventAsync("crypto.decrypt.failed", keyringId, version, null, CancellationToken.None, AuditOutcome.Failed(code)));

    /// <summary>Records an event of the cipher over a whole keyring without waiting; append errors are observed.</summary>
    public void CipherEvent(string action, string keyringId, AuditOutcome outcome, params AuditField[] extra) =>
        WithoutWaiting(action, AppendAsync(action, new AuditResource("crypto-keyring", keyringId), null, outcome, extra, CancellationToken.None));

    public static AuditResource KeyResource(string keyringId, int version) =>
        new("crypto-key", string.Create(CultureInfo.InvariantCulture, $"{keyringId}/v{version}"));

    private void WithoutWaiting(string action, ValueTask append) =>
        _ = append.AsTask().ContinueWith(
            t =>
            {
                var error = t.Exception!.GetBaseException();
                if (logger is not null)
                {
                    LogAppendFailed(logger, action, error is AuditException audit ? audit.Code : error.GetType().Name, error);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);

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
