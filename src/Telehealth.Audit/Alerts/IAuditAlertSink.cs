namespace Telehealth.Audit;

/// <summary>
/// Delivers <see cref="AuditAlert"/>s to people or systems: a log, a pager, a SIEM, a ticket queue.
/// <see cref="LoggerAuditAlertSink"/> is the default.
/// </summary>
/// <remarks>Implementations must be safe to call from several threads at once.</remarks>
public interface IAuditAlertSink
{
    /// <summary>Publishes one alert.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">A token that cancels the delivery.</param>
    /// <returns>A task that completes when the alert has been handed over.</returns>
    ValueTask PublishAsync(AuditAlert alert, CancellationToken cancellationToken);
}
