namespace Telehealth.Compliance;

/// <summary>
/// PHI that moves from a party (the covered entity, an internal system, or a vendor) to a vendor of the inventory,
/// for a purpose and at a volume.
/// </summary>
public sealed record PhiFlow
{
    /// <summary>Gets the id of the sending party: an internal system such as <c>ehr</c>, or a vendor id.</summary>
    public required string From { get; init; }

    /// <summary>Gets the id of the receiving vendor; it must be in the inventory.</summary>
    public required string To { get; init; }

    /// <summary>Gets why the PHI flows, such as <c>appointment reminders</c>.</summary>
    public required string Purpose { get; init; }

    /// <summary>Gets the kinds of PHI in the flow (kinds, never values).</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> PhiTypes { get; init; } = [];

    /// <summary>Gets the approximate number of individuals' records per year; zero if unknown.</summary>
    /// <value>The default is 0.</value>
    public long RecordsPerYear { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{From} -> {To} ({Purpose})";

    /// <summary>Throws if the flow is not complete and valid; whether its vendor is recorded is the inventory's check.</summary>
    internal void Check()
    {
        RequiredText.Check(From, nameof(PhiFlow), nameof(From));
        RequiredText.Check(To, nameof(PhiFlow), nameof(To));
        RequiredText.Check(Purpose, nameof(PhiFlow), nameof(Purpose));
        if (PhiTypes is null)
        {
            throw Errors.FieldMissing(nameof(PhiFlow), nameof(PhiTypes));
        }

        if (RecordsPerYear < 0)
        {
            throw Errors.OutOfRange(nameof(RecordsPerYear), RecordsPerYear, "must not be negative");
        }
    }

    /// <summary>Compares by contents, the lists included (a record's own equality would compare them by reference).</summary>
    /// <param name="other">The other PhiFlow.</param>
    /// <returns><see langword="true"/> if every property, and every item of every list, is equal.</returns>
    public bool Equals(PhiFlow? other) =>
        other is not null
            && string.Equals(From, other.From, StringComparison.Ordinal)
            && string.Equals(To, other.To, StringComparison.Ordinal)
            && string.Equals(Purpose, other.Purpose, StringComparison.Ordinal)
            && ContentEquality.Lists(PhiTypes, other.PhiTypes)
            && RecordsPerYear == other.RecordsPerYear;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(From, StringComparer.Ordinal);
        hash.Add(To, StringComparer.Ordinal);
        hash.Add(Purpose, StringComparer.Ordinal);
        ContentEquality.AddList(ref hash, PhiTypes);
        hash.Add(RecordsPerYear);
        return hash.ToHashCode();
    }
}
