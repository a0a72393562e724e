using Microsoft.Extensions.Logging;

namespace Telehealth.Audit;

/// <summary>
/// The default <see cref="IAuditAlertSink"/>: writes each alert to an <see cref="ILogger"/>, at level
/// <see cref="LogLevel.Information"/>, <see cref="LogLevel.Warning"/> or <see cref="LogLevel.Critical"/>
/// by <see cref="AuditAlert.Severity"/>, with event ids 1060, 1061 and 1062 respectively.
/// </summary>
/// <remarks>
/// The structured properties are <c>RuleName</c>, <c>Severity</c>, <c>TriggeringSequence</c>,
/// <c>OccurredAt</c> and <c>AlertMessage</c>. Alert messages hold opaque ids and counts only, never PHI.
/// </remarks>
public sealed partial class LoggerAuditAlertSink : IAuditAlertSink
{
    private readonly ILogger<LoggerAuditAlertSink> _logger;

    /// <summary>Initializes a new instance of the <see cref="LoggerAuditAlertSink"/> class.</summary>
    /// <param name="logger">The logger to write to.</param>
    /// <exception cref="ArgumentNullException"><paramref name="logger"/> is <see langword="null"/>.</exception>
    public LoggerAuditAlertSink(ILogger<LoggerAuditAlertSink> logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <inheritdoc />
    public ValueTask PublishAsync(AuditAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        switch (alert.Severity)
        {
            case AuditAlertSeverity.Critical:
                LogCritical(_logger, alert.RuleName, alert.Severity, alert.TriggeringSequence, alert.OccurredAt, alert.Message);
                break;
            case AuditAlertSeverity.Warning:
                LogWarning(_logger, alert.RuleName, alert.Severity, alert.TriggeringSequence, alert.OccurredAt, alert.Message);
                break;
            default:
                LogInformation(_logger, alert.RuleName, alert.Severity, alert.TriggeringSequence, alert.OccurredAt, alert.Message);
                break;
        }

        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 1060, EventName = "AuditAlertInfo", Level = LogLevel.Information,
        Message = "Audit alert {RuleName} ({Severity}) at sequence {TriggeringSequence}, {OccurredAt:O}: {AlertMessage}")]
    private static partial void LogInformation(ILogger logger, string ruleName, AuditAlertSeverity severity, long triggeringSequence, DateTimeOffset occurredAt, string alertMessage);

    [LoggerMessage(EventId = 1061, EventName = "AuditAlertWarning", Level = LogLevel.Warning,
        Message = "Audit alert {RuleName} ({Severity}) at sequence {TriggeringSequence}, {OccurredAt:O}: {AlertMessage}")]
    private static partial void LogWarning(ILogger logger, string ruleName, AuditAlertSeverity severity, long triggeringSequence, DateTimeOffset occurredAt, string alertMessage);

    [LoggerMessage(EventId = 1062, EventName = "AuditAlertCritical", Level = LogLevel.Critical,
        Message = "Audit alert {RuleName} ({Severity}) at sequence {TriggeringSequence}, {OccurredAt:O}: {AlertMessage}")]
    private static partial void LogCritical(ILogger logger, string ruleName, AuditAlertSeverity severity, long triggeringSequence, DateTimeOffset occurredAt, string alertMessage);
}
