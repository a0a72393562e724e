using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// A law enforcement official's statement that notification would impede a criminal investigation or damage national
/// security (45 CFR 164.412). A written statement delays notification for the period it specifies (164.412(a)); an oral
/// statement, documented with the official's identity, delays it for at most 30 days from the statement (164.412(b)),
/// unless a written statement follows, which then governs.
/// </summary>
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

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Law enforcement delay ({(WrittenStatementOn is null ? "oral" : "written")}) until {EndsOn:yyyy-MM-dd}");

    internal void Check()
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
