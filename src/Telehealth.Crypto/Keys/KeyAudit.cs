using System.Globalization;
using Telehealth.Audit;

namespace Telehealth.Crypto;

/// <summary>Writes key operations to the audit log: the key id and version, never key material.</summary>
internal sealed class KeyAudit(IAuditLog? log, TimeProvider time)
{
    /// <summary>The actor recorded when an operation is not attributed to a person.</summary>
    public static readonly AuditActor ServiceActor = new("telehealth-crypto", AuditActorType.Service);

    public async ValueTask KeyEventAsync(string action, string keyringId, int version, AuditActor? actor, CancellationToken cancellationToken, AuditOutcome? outcome = null, params AuditField[] extra)
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
                Resource = KeyResource(keyringId, version),
                OccurredAt = time.GetUtcNow(),
                Outcome = outcome ?? AuditOutcome.Success,
                Extra = extra,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a failure without waiting, for the synchronous decrypt path; append errors are observed.</summary>
    public void DecryptFailed(string keyringId, int version, string code) =>
        WithoutWaiting(KeyEventAsync("crypto.decrypt.failed", keyringId, version, null, CancellationToken.None, AuditOutcome.Failed(code)));

    /// <summary>Records an event of the cipher over a whole keyring without waiting; append errors are observed.</summary>
    public void CipherEvent(string action, string keyringId, AuditOutcome outcome, params AuditField[] extra)
    {
        if (log is null)
        {
            return;
        }

        WithoutWaiting(log.AppendAsync(
            new AuditRecord
            {
                Actor = ServiceActor,
                Action = action,
                Resource = new AuditResource("crypto-keyring", keyringId),
                OccurredAt = time.GetUtcNow(),
                Outcome = outcome,
                Extra = extra,
            },
            CancellationToken.None));
    }

    private static void WithoutWaiting<T>(ValueTask<T> append) => WithoutWaiting(append.AsTask());

    private static void WithoutWaiting(ValueTask append) => WithoutWaiting(append.AsTask());

    private static void WithoutWaiting(Task append) =>
        _ = append.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    public static AuditResource KeyResource(string keyringId, int version) =>
        new("crypto-key", string.Create(CultureInfo.InvariantCulture, $"{keyringId}/v{version}"));
}
