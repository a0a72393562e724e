using System.Globalization;

namespace Telehealth.Audit;

/// <summary>
/// Raises a <see cref="AuditAlertSeverity.Warning"/> alert for any <c>phi.*</c> action outside business
/// hours: by default 07:00 to 19:00, Monday to Friday, UTC.
/// </summary>
/// <remarks>
/// <para>
/// Business hours are the half-open interval [start hour, end hour) of local time on a business day,
/// in the given time zone (daylight saving time included): with the defaults, 07:00:00.000 is inside
/// and 19:00:00.000 is outside. The time is the record's <see cref="AuditRecord.OccurredAt"/>, never
/// the wall clock. Every outcome counts, denied attempts included. Hours that cross midnight (night
/// shifts) and public holidays are not modelled; the rule keeps no state.
/// </para>
/// </remarks>
public sealed class AfterHoursPhiAccessAlertRule : IAuditAlertRule
{
    /// <summary>The rule name carried by its alerts.</summary>
    public const string Name = "after-hours-phi-access";

    /// <summary>The default first business hour: 7 (07:00).</summary>
    public const int DefaultStartHour = 7;

    /// <summary>The default end of business hours: 19 (19:00, exclusive).</summary>
    public const int DefaultEndHour = 19;

    private readonly TimeZoneInfo _timeZone;
    private readonly int _startHour;
    private readonly int _endHour;
    private readonly bool[] _businessDays = new bool[7];

    /// <summary>Initializes a new instance of the <see cref="AfterHoursPhiAccessAlertRule"/> class with the defaults: 07:00 to 19:00, Monday to Friday, UTC.</summary>
    public AfterHoursPhiAccessAlertRule()
        : this(TimeZoneInfo.Utc, DefaultStartHour, DefaultEndHour, DefaultBusinessDays)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AfterHoursPhiAccessAlertRule"/> class.</summary>
    /// <param name="timeZone">The time zone business hours are given in.</param>
    /// <param name="startHour">The first business hour, 0 to 23.</param>
    /// <param name="endHour">The hour business ends (exclusive), 1 to 24, greater than <paramref name="startHour"/>.</param>
    /// <param name="businessDays">The days with business hours; may be empty, in which case all PHI access alerts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeZone"/> or <paramref name="businessDays"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An hour is out of range, or <paramref name="endHour"/> is not after <paramref name="startHour"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="businessDays"/> holds a value that is not a day of the week.</exception>
    public AfterHoursPhiAccessAlertRule(TimeZoneInfo timeZone, int startHour, int endHour, IEnumerable<DayOfWeek> businessDays)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentNullException.ThrowIfNull(businessDays);
        ArgumentOutOfRangeException.ThrowIfLessThan(startHour, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startHour, 23);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(endHour, startHour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(endHour, 24);
        foreach (var day in businessDays)
        {
            if (!Enum.IsDefined(day))
            {
                throw new ArgumentException("The business days must be days of the week.", nameof(businessDays));
            }

            _businessDays[(int)day] = true;
        }

        _timeZone = timeZone;
        _startHour = startHour;
        _endHour = endHour;
    }

    /// <summary>Gets the default business days: Monday to Friday.</summary>
    public static IReadOnlyList<DayOfWeek> DefaultBusinessDays { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <inheritdoc />
    public IEnumerable<AuditAlert> Evaluate(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var record = entry.Record;
        if (!record.Action.StartsWith("phi.", StringComparison.Ordinal))
        {
            return [];
        }

        var local = TimeZoneInfo.ConvertTime(record.OccurredAt, _timeZone);
        if (_businessDays[(int)local.DayOfWeek] && local.Hour >= _startHour && local.Hour < _endHour)
        {
            return [];
        }

        return
        [
            new AuditAlert(
                Name,
                AuditAlertSeverity.Warning,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"PHI action '{AlertText.Id(record.Action)}' by actor id '{AlertText.Id(record.Actor.Id)}' outside business hours at {local:yyyy-MM-dd'T'HH:mm:sszzz} ({local.DayOfWeek})."),
                entry.Sequence,
                record.OccurredAt),
        ];
    }
}
