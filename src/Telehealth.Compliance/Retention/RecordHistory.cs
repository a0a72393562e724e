using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// The documentation history of one record of the package (an addressable decision, a vendor, a risk, a breach
/// assessment): when it was created and changed, when it was last in effect, and until when it must be retained. 45 CFR
/// 164.316(b)(2)(i) requires documentation to be retained for six years from the date of its creation or the date when
/// it last was in effect, whichever is later. The registers keep one history per record id; histories are immutable.
/// </summary>
public sealed class RecordHistory
{
    /// <summary>The retention period, in years (164.316(b)(2)(i)).</summary>
    public const int RetentionYears = 6;

    private RecordHistory(string recordId, IReadOnlyList<RecordRevision> revisions, DateOnly? lastEffectiveOn)
    {
        RecordId = recordId;
        Revisions = revisions;
        LastEffectiveOn = lastEffectiveOn;
    }

    /// <summary>Gets the id of the record, such as a vendor id, a risk id or a citation for an addressable decision.</summary>
    public string RecordId { get; }

    /// <summary>Gets the creation and every change, oldest first.</summary>
    public IReadOnlyList<RecordRevision> Revisions { get; }

    /// <summary>Gets when the record was created.</summary>
    public DateTimeOffset CreatedAt => Revisions[0].At;

    /// <summary>Gets when the record was last changed (its creation if never changed).</summary>
    public DateTimeOffset UpdatedAt => Revisions[^1].At;

    /// <summary>Gets the date the record was last in effect; <see langword="null"/> while it is still in effect.</summary>
    public DateOnly? LastEffectiveOn { get; }

    /// <summary>
    /// Gets the first day the record may be discarded: six years after the later of its creation date and
    /// <see cref="LastEffectiveOn"/> (UTC dates). <see langword="null"/> while the record is in effect, since the period
    /// has not begun. A February 29 start ends on March 1, so the period is never short of six years.
    /// </summary>
    public DateOnly? RetainUntil =>
        LastEffectiveOn is { } last ? AddRetention(Later(DateOnly.FromDateTime(CreatedAt.UtcDateTime), last)) : null;

    /// <summary>Gets a value indicating whether the record may be discarded on a date: no longer in effect and past <see cref="RetainUntil"/>.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> if the retention period has ended.</returns>
    public bool MayDiscardOn(DateOnly date) => RetainUntil is { } until && date >= until;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{RecordId}: {Revisions.Count} revisions, retain {(RetainUntil is { } until ? $"until {until:yyyy-MM-dd}" : "while in effect")}");

    internal static RecordHistory Create(string recordId, DateTimeOffset at, string summary, DateOnly? lastEffectiveOn) =>
        new(recordId, [new RecordRevision(at, summary)], lastEffectiveOn);

    internal static RecordHistory Restore(string recordId, IReadOnlyList<RecordRevision> revisions, DateOnly? lastEffectiveOn)
    {
        if (string.IsNullOrEmpty(recordId) || revisions.Count == 0 || revisions.Any(r => r.Summary is null))
        {
            throw new InvalidDataException($"The stored history of record '{recordId}' is incomplete.");
        }

        return new(recordId, revisions, lastEffectiveOn);
    }

    internal RecordHistory Revise(DateTimeOffset at, string summary, DateOnly? lastEffectiveOn) =>
        new(RecordId, [.. Revisions, new RecordRevision(at, summary)], lastEffectiveOn);

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly AddRetention(DateOnly start) =>
        start is { Month: 2, Day: 29 } ? new DateOnly(start.Year + RetentionYears, 3, 1) : start.AddYears(RetentionYears);
}
