namespace Telehealth.Audit;

/// <summary>The place a durable record took in the log.</summary>
/// <param name="Sequence">The zero-based sequence number (Merkle leaf index).</param>
/// <param name="LeafHash">The entry's 32-byte RFC 9162 leaf hash.</param>
public readonly record struct AuditAppendResult(long Sequence, ReadOnlyMemory<byte> LeafHash)
{
    /// <summary>Compares two results by their contents.</summary>
    /// <param name="other">The other result.</param>
    /// <returns><see langword="true"/> when the sequence and the leaf hash bytes are the same.</returns>
    public bool Equals(AuditAppendResult other) => Sequence == other.Sequence && LeafHash.Span.SequenceEqual(other.LeafHash.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Sequence, ContentEquality.HashOf(LeafHash.Span));
}
