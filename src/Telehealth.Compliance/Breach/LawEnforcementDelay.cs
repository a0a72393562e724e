using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// A law enforcement official's statement that notification would impede a criminal investigation or damage national
/// security (45 CFR 164.412). A written statement delays notification for the period it specifies (164.412(a)); an oral
/// statement, documented with the official's identity, delays it for at most 30 days from the statement (164.412(b)),
/// unless a written statement follows, which then governs.
/// </summary>
/// <remarks>
/// How a delay changes a deadline (the reading <see cref="BreachDeadlineEngine"/> takes; not legal advice): the delay
/// does not toll the 60-day clock. No notice is given before the delay ends; a deadline that falls inside the delay moves
/// to the day the delay ends, and a deadline after the delay stays where it is, so the delay's length is never added to
/// the days left. A statement applies only to notices still due on the day it is made: a statement dated after a
/// deadline moves nothing for that notice (<see cref="BreachNotificationDeadline.DelayRequestedAfterDeadlineOn"/>, and a
/// <see cref="FindingCodes.LawEnforcementDelayAfterDeadline"/> finding if the notice was not given in time). Statements
/// are taken in date order: a written statement made while an oral delay runs governs from then on, even if it ends
/// sooner; one made after the oral delay lapsed starts a new delay for the notices still due. Statements dated before
/// discovery are refused.
/// </remarks>
public sealed record LawEnforcementDelay
{
    /// <summary>The longest delay, in days, an oral statement can cause (164.412(b)).</summary>
    public const int MaxOralDelayDays = 30;

    /// <summary>Gets the date of an oral statement; <see langword="null"/> if there was none.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? OralStatementOn { get; init; }

    /// <summary>Gets the delay, in days from the oral statement, the official asked for; capped at <see cref="MaxOralDelayDays"/>.</summary>
    /// <value>The default is 30.</value>
    public int OralDelayDays { get; init; } = MaxOralDelayDays;

    /// <summary>Gets the date of a written statement; <see langword="null"/> if there was none.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? WrittenStatementOn { get; init; }

    /// <summary>Gets the delay, in days from the written statement, that it specifies; required with a written statement.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? WrittenDelayDays { get; init; }

    /// <summary>Gets the identity of the official (name, agency); required for an oral statement, which must be documented.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? OfficialIdentity { get; init; }

    /// <summary>
    /// Gets the first day on which the delayed notice may be given: the written statement's date plus its period when
    /// there is a written statement, otherwise the oral statement's date plus <see cref="OralDelayDays"/>.
    /// </summary>
    public DateOnly EndsOn => WrittenStatementOn is { } written
        ? written.AddDays(WrittenDelayDays ?? 0)
        : OralStatementOn.GetValueOrDefault().AddDays(OralDelayDays);

    /// <summary>Gets the date of the first statement, oral or written: the day the delay was requested.</summary>
    public DateOnly RequestedOn => OralStatementOn ?? WrittenStatementOn.GetValueOrDefault();

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Law enforcement delay ({(WrittenStatementOn is null ? "oral" : "written")}) until {EndsOn:yyyy-MM-dd}");

    /// <summary>
    /// Applies the delay to a notice due on <paramref name="dueBy"/> (see the remarks): the deadline after the delay, the
    /// first day notice may be given, and the date of a statement that came after the deadline and so moved nothing.
    /// </summary>
    internal (DateOnly DueBy, DateOnly? NotBefore, DateOnly? RequestedAfterDeadlineOn) Apply(DateOnly dueBy)
    {
        var due = dueBy;
        DateOnly? notBefore = null;
        DateOnly? late = null;
        foreach (var (madeOn, endsOn) in Statements())
        {
            if (madeOn > due)
            {
                late ??= madeOn;
                continue;
            }

            // A later statement governs from the day it is made, as a written one does after an oral one (164.412(b)).
            notBefore = endsOn;
            due = endsOn > dueBy ? endsOn : dueBy;
        }

        return (due, notBefore, late);
    }

    /// <summary>Throws if the delay is incomplete, or if a statement is dated before the breach was discovered.</summary>
    internal void Check(DateOnly? discoveredOn)
    {
        Check();
        if (discoveredOn is { } discovered)
        {
            foreach (var (madeOn, _) in Statements())
            {
                if (madeOn < discovered)
                {
                    throw Errors.DelayBeforeDiscovery(madeOn, discovered);
                }
            }
        }
    }

    private IEnumerable<(DateOnly MadeOn, DateOnly EndsOn)> Statements()
    {
        if (OralStatementOn is { } oral)
        {
            yield return (oral, oral.AddDays(OralDelayDays));
        }

        if (WrittenStatementOn is { } written)
        {
            yield return (written, written.AddDays(WrittenDelayDays ?? 0));
        }
    }

    private void Check()
    {
        if (OralStatementOn is null && WrittenStatementOn is null)
        {
            throw Errors.FieldMissing(nameof(LawEnforcementDelay), nameof(WrittenStatementOn));
        }

        if (OralStatementOn is not null)
        {
            if (OralDelayDays is < 1 or > MaxOralDelayDays)
            {
                throw Errors.OutOfRange(nameof(OralDelayDays), OralDelayDays, "must be from 1 to 30 (164.412(b))");
            }

            if (string.IsNullOrWhiteSpace(OfficialIdentity))
            {
                throw Errors.FieldMissing(nameof(LawEnforcementDelay), nameof(OfficialIdentity));
            }
        }

        if (WrittenStatementOn is { } written)
        {
            if (WrittenDelayDays is not > 0)
            {
                throw Errors.OutOfRange(nameof(WrittenDelayDays), WrittenDelayDays ?? 0, "must be positive: a written statement specifies the time for which a delay is required (164.412(a))");
            }

            if (OralStatementOn is { } oral && written < oral)
            {
                throw Errors.WrittenBeforeOral(oral, written);
            }
        }
    }
}
