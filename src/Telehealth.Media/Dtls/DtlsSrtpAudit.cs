using Microsoft.Extensions.Logging;
using Telehealth.Audit;
using Telehealth.Media.Srtp;

namespace Telehealth.Media.Dtls;

/// <summary>
/// Writes DTLS-SRTP handshake outcomes to the audit log: role, negotiated profile and the peer's certificate
/// fingerprint (public data), never key material. A failure to write is logged and does not fail the handshake.
/// </summary>
internal sealed partial class DtlsSrtpAudit(IAuditLog? log, TimeProvider time, ILogger logger)
{
    public const string CompletedAction = "media.dtls.handshake.completed";

    public const string FailedAction = "media.dtls.handshake.failed";

    public static readonly AuditActor ServiceActor = new("telehealth-media", AuditActorType.Service);

    public ValueTask HandshakeCompletedAsync(DtlsRole role, CertificateFingerprint remote, SrtpProfile profile, CancellationToken cancellationToken) =>
        AppendAsync(CompletedAction, remote, AuditOutcome.Success, [AuditField.Operational("dtls.role", Name(role)), AuditField.Operational("srtp.profile", profile.ToString())], cancellationToken);

    public ValueTask HandshakeFailedAsync(DtlsRole role, CertificateFingerprint remote, string code, CancellationToken cancellationToken) =>
        AppendAsync(FailedAction, remote, AuditOutcome.Failed(code), [AuditField.Operational("dtls.role", Name(role))], cancellationToken);

    private static string Name(DtlsRole role) => role == DtlsRole.Client ? "client" : "server";

    private async ValueTask AppendAsync(string action, CertificateFingerprint remote, AuditOutcome outcome, AuditField[] extra, CancellationToken cancellationToken)
    {
        if (log is null)
        {
            return;
        }

        try
        {
            await log.AppendAsync(
                new AuditRecord
                {
                    Actor = ServiceActor,
                    Action = action,
                    Resource = new AuditResource("media-dtls-peer", remote.ToString()),
                    OccurredAt = time.GetUtcNow(),
                    Outcome = outcome,
                    Extra = extra,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAppendFailed(logger, action, e is AuditException audit ? audit.Code : e.GetType().Name, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit record {Action} could not be written ({Code}).")]
    private static partial void LogAppendFailed(ILogger logger, string action, string code, Exception exception);
}
