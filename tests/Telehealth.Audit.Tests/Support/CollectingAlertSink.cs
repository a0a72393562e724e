using System.Collections.Concurrent;

namespace Telehealth.Audit.Tests;

internal sealed class CollectingAlertSink : IAuditAlertSink
{
    public ConcurrentQueue<AuditAlert> Alerts { get; } = new();

    public ValueTask PublishAsync(AuditAlert alert, CancellationToken cancellationToken)
    {
        Alerts.Enqueue(alert);
        return ValueTask.CompletedTask;
    }
}
