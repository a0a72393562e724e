using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>One notification a breach requires: to whom, for which jurisdiction, by when, from when, and under which citation.</summary>
public sealed class BreachNotificationDeadline
{
    /// <summary>The days a substitute notice's web posting and toll-free number are kept, at least (164.404(d)(2)(ii)).</summary>
    public const int SubstituteNoticeDays = 90;

    internal BreachNotificationDeadline(BreachNotificationRecipient recipient, string? jurisdiction, DateOnly dueBy, DateOnly? notBefore, string citation, DateOnly? delayRequestedAfterDeadlineOn)
    {
        MaintainDays = recipient == BreachNotificationRecipient.SubstituteNotice ? SubstituteNoticeDays : null;
        Recipient = recipient;
        Jurisdiction = jurisdiction;
        DueBy = dueBy;
        NotBefore = notBefore;
        Citation = citation;
        DelayRequestedAfterDeadlineOn = delayRequestedAfterDeadlineOn;
    }

    /// <summary>Gets who must be notified.</summary>
    public BreachNotificationRecipient Recipient { get; }

    /// <summary>Gets the State or jurisdiction, for <see cref="BreachNotificationRecipient.Media"/>; otherwise <see langword="null"/>.</summary>
    public string? Jurisdiction { get; }

    /// <summary>
    /// Gets the last day on which the notice may be given. The rule asks for notice without unreasonable delay; this is the
    /// outer limit, not a target.
    /// </summary>
    public DateOnly DueBy { get; }

    /// <summary>Gets the first day on which the notice may be given while a law enforcement delay applies (164.412); otherwise <see langword="null"/>.</summary>
    public DateOnly? NotBefore { get; }

    /// <summary>
    /// Gets the date of a law enforcement statement made after this notice's deadline had passed; such a statement
    /// delays nothing for this notice (see <see cref="LawEnforcementDelay"/>). <see langword="null"/> when there is none.
    /// </summary>
    public DateOnly? DelayRequestedAfterDeadlineOn { get; }

    /// <summary>
    /// Gets for how many days, at least, the notice must stay up once given: <see cref="SubstituteNoticeDays"/> for a
    /// substitute notice's posting and toll-free number; otherwise <see langword="null"/>.
    /// </summary>
    public int? MaintainDays { get; }

    /// <summary>Gets the citation of the requirement, such as <c>164.404(b)</c>.</summary>
    public string Citation { get; }

    /// <summary>Gets a value indicating whether the deadline has passed on a date.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> if <paramref name="date"/> is after <see cref="DueBy"/>.</returns>
    public bool IsPastDueOn(DateOnly date) => date > DueBy;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Recipient}{(Jurisdiction is null ? string.Empty : " " + Jurisdiction)} by {DueBy:yyyy-MM-dd} ({Citation})");
}
