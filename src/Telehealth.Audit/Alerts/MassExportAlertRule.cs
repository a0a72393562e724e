using System.Globalization;

namespace Telehealth.Audit;

/// <summary>
/// Raises a <see cref="AuditAlertSeverity.Critical"/> alert when one actor reads or exports PHI a
/// threshold number of times within a sliding window, by default 100 within 10 minutes: the pattern of
/// bulk extraction.
/// </summary>
/// <remarks>
/// The counted actions are exactly <c>phi.read</c> and <c>phi.export</c>, whatever their outcome:
/// refused enumeration is as telling as successful enumeration. The window slides over
/// <see cref="AuditRecord.OccurredAt"/>; a record exactly one window older than the newest no longer
/// counts. An actor raises at most one alert per window: the records after the one that reached the
/// threshold raise nothing until one window has passed since it, and then only if the threshold is
/// reached again within the new window. Evaluate entries from one thread at a time (see
/// <see cref="IAuditAlertRule"/>).
/// </remarks>
public sealed class MassExportAlertRule : IAuditAlertRule
{
    /// <summary>The rule name carried by its alerts.</summary>
    public const string Name = "mass-export";

    /// <summary>The default number of PHI reads or exports that raises an alert: 100.</summary>
    public const int DefaultThreshold = 100;

    private readonly SlidingWindowCounter _byActor;
    private readonly int _threshold;
    private readonly TimeSpan _window;

    /// <summary>Initializes a new instance of the <see cref="MassExportAlertRule"/> class with the defaults: 100 records within 10 minutes.</summary>
    public MassExportAlertRule()
        : this(DefaultThreshold, DefaultWindow)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MassExportAlertRule"/> class.</summary>
    /// <param name="threshold">How many PHI reads or exports by one actor within <paramref name="window"/> raise an alert; at least 1.</param>
    /// <param name="window">The length of the sliding window; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is less than 1 or <paramref name="window"/> is not positive.</exception>
    public MassExportAlertRule(int threshold, TimeSpan window)
    {
        _byActor = new SlidingWindowCounter(threshold, window, nameof(threshold), nameof(window));
        _threshold = threshold;
        _window = window;
    }

    /// <summary>Gets the default window: 10 minutes.</summary>
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public IEnumerable<AuditAlert> Evaluate(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var record = entry.Record;
        if (record.Action is not ("phi.read" or "phi.export") || !_byActor.Record(record.Actor.Id, record.OccurredAt))
        {
            return [];
        }

        return
        [
            new AuditAlert(
                Name,
                AuditAlertSeverity.Critical,
                string.Create(CultureInfo.InvariantCulture, $"{_threshold} or more PHI reads or exports by actor id '{AlertText.Id(record.Actor.Id)}' within {_window:c}."),
                entry.Sequence,
                record.OccurredAt),
        ];
    }
}
