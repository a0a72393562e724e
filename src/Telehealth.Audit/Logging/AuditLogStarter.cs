using Microsoft.Extensions.Hosting;

namespace Telehealth.Audit;

/// <summary>
/// Loads the audit log when the host starts, so a stored history that contradicts a signed
/// checkpoint is reported (alert and log) at start-up rather than at the first append.
/// </summary>
internal sealed class AuditLogStarter(AuditLog log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => log.StartAsync(cancellationToken).AsTask();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
