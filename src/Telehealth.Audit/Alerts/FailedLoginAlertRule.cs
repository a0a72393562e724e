using System.Globalization;

namespace Telehealth.Audit;

/// <summary>
/// Raises a <see cref="AuditAlertSeverity.Warning"/> when one actor id, or one source address, has a
/// threshold of failed sign-in attempts within a sliding window: by default 5 within 5 minutes.
/// </summary>
/// <remarks>
/// <para>
/// A failed sign-in attempt is any action in the <c>auth.</c> namespace whose last segment is
/// <c>failed</c> (such as <c>auth.login.failed</c> or <c>auth.mfa.failed</c>), whatever its outcome, and
/// <c>auth.login</c> with outcome <see cref="AuditOutcomeStatus.Failed"/> or <see cref="AuditOutcomeStatus.Denied"/>.
/// </para>
/// <para>
/// Actor ids and source addresses are counted separately, so a password spray from one address and a
/// guessing attack on one account from many addresses are both seen; one entry may raise one alert
/// for each. The source address is the one stored in the log, after redaction or pseudonymization.
/// The window slides over <see cref="AuditRecord.OccurredAt"/>; an attempt exactly one window older
/// than the newest no longer counts. A key that has raised an alert stays quiet for one window, then
/// alerts again if the attempts go on, so a long attack gives one alert per window rather than one per
/// attempt. Evaluate entries from one thread at a time (see <see cref="IAuditAlertRule"/>).
/// </para>
/// </remarks>
public sealed class FailedLoginAlertRule : IAuditAlertRule
{
    /// <summary>The rule name carried by its alerts.</summary>
    public const string Name = "failed-login";

    /// <summary>The default number of failed attempts that raises an alert: 5.</summary>
    public const int DefaultThreshold = 5;

    private readonly SlidingWindowCounter _byActor;
    private readonly SlidingWindowCounter _byAddress;
    private readonly int _threshold;
    private readonly TimeSpan _window;

    /// <summary>Initializes a new instance of the <see cref="FailedLoginAlertRule"/> class with the defaults: 5 attempts within 5 minutes.</summary>
    public FailedLoginAlertRule()
        : this(DefaultThreshold, DefaultWindow)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FailedLoginAlertRule"/> class.</summary>
    /// <param name="threshold">How many failed attempts within <paramref name="window"/> raise an alert; at least 1.</param>
    /// <param name="window">The length of the sliding window; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is less than 1 or <paramref name="window"/> is not positive.</exception>
    public FailedLoginAlertRule(int threshold, TimeSpan window)
    {
        _byActor = new SlidingWindowCounter(threshold, window, nameof(threshold), nameof(window));
        _byAddress = new SlidingWindowCounter(threshold, window, nameof(threshold), nameof(window));
        _threshold = threshold;
        _window = window;
    }

    /// <summary>Gets the default window: 5 minutes.</summary>
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public IEnumerable<AuditAlert> Evaluate(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var record = entry.Record;
        if (!IsFailedSignIn(record))
        {
            return [];
        }

        AuditAlert? byActor = null;
        AuditAlert? byAddress = null;
        if (_byActor.Record(record.Actor.Id, record.OccurredAt))
        {
            byActor = Alert(entry, "actor id", record.Actor.Id);
        }

        if (record.Source?.IpAddress is { Length: > 0 } address && _byAddress.Record(address, record.OccurredAt))
        {
            byAddress = Alert(entry, "source address", address);
        }

        return (byActor, byAddress) switch
        {
            (null, null) => [],
            ({ } a, null) => [a],
            (null, { } b) => [b],
            ({ } a, { } b) => [a, b],
        };
    }

    private static bool IsFailedSignIn(AuditRecord record)
    {
        var action = record.Action;
        if (!action.StartsWith("auth.", StringComparison.Ordinal))
        {
            return false;
        }

        return action.EndsWith(".failed", StringComparison.Ordinal)
            || (action == "auth.login" && record.Outcome.Status is AuditOutcomeStatus.Failed or AuditOutcomeStatus.Denied);
    }

    private AuditAlert Alert(AuditEntry entry, string keyKind, string key) => new(
        Name,
        AuditAlertSeverity.Warning,
        string.Create(CultureInfo.InvariantCulture, $"{_threshold} or more failed sign-in attempts for {keyKind} '{AlertText.Id(key)}' within {_window:c}."),
        entry.Sequence,
        entry.Record.OccurredAt);
}
