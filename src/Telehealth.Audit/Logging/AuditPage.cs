namespace Telehealth.Audit;

/// <summary>One page of query results.</summary>
/// <param name="Entries">The matching entries, in sequence order.</param>
/// <param name="NextSequence">Where the next page starts, or <see langword="null"/> when the log was scanned to its end.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? NextSequence)
{
    /// <summary>Compares two pages by their entries.</summary>
    /// <param name="other">The other page.</param>
    /// <returns><see langword="true"/> when both hold the same entries and continue at the same place.</returns>
    public bool Equals(AuditPage? other) => other is not null && NextSequence == other.NextSequence && Entries.SequenceEqual(other.Entries);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NextSequence, Entries.Count);
}
