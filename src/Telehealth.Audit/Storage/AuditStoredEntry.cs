namespace Telehealth.Audit;

/// <summary>An entry exactly as a store holds it: its canonical bytes and the leaf hash stored beside them.</summary>
/// <param name="Position">The entry's position in the store, counted from zero.</param>
/// <param name="Data">The canonical entry bytes (FORMAT.md, "Entry encoding").</param>
/// <param name="StoredLeafHash">The leaf hash the store recorded when the entry was appended.</param>
public sealed record AuditStoredEntry(long Position, ReadOnlyMemory<byte> Data, ReadOnlyMemory<byte> StoredLeafHash)
{
    /// <summary>Compares two stored entries by their contents.</summary>
    /// <param name="other">The other entry.</param>
    /// <returns><see langword="true"/> when position, bytes and stored hash are the same.</returns>
    public bool Equals(AuditStoredEntry? other) =>
        other is not null && Position == other.Position && Data.Span.SequenceEqual(other.Data.Span) && StoredLeafHash.Span.SequenceEqual(other.StoredLeafHash.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Position, ContentEquality.HashOf(StoredLeafHash.Span));
}
