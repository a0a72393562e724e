namespace Telehealth.Audit;

/// <summary>
/// A stored audit record with its place in the log: its sequence number, the leaf hash of its
/// predecessor, its canonical bytes and its own leaf hash.
/// </summary>
public sealed class AuditEntry
{
    internal AuditEntry(long sequence, byte[] previousHash, AuditRecord record, byte[] encoded, byte[] leafHash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Record = record;
        Encoded = encoded;
        LeafHash = leafHash;
    }

    /// <summary>Gets the zero-based position of the entry in the log (its Merkle leaf index).</summary>
    public long Sequence { get; }

    /// <summary>Gets the leaf hash of the previous entry (32 zero bytes for the first entry).</summary>
    public ReadOnlyMemory<byte> PreviousHash { get; }

    /// <summary>Gets the record as stored, after redaction.</summary>
    public AuditRecord Record { get; }

    /// <summary>Gets the canonical bytes of the entry (see FORMAT.md).</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>Gets the RFC 9162 leaf hash: SHA-256(0x00 || <see cref="Encoded"/>).</summary>
    public ReadOnlyMemory<byte> LeafHash { get; }

    /// <summary>Decodes canonical entry bytes and computes their leaf hash.</summary>
    /// <param name="encoded">The canonical bytes.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="AuditFormatException">The bytes are not a canonical entry.</exception>
    public static AuditEntry Decode(ReadOnlySpan<byte> encoded)
    {
        var bytes = encoded.ToArray();
        var (sequence, previous, record) = AuditEntryCodec.Decode(bytes);
        return new AuditEntry(sequence, previous, record, bytes, MerkleHash.Leaf(bytes));
    }

    /// <inheritdoc />
    public override string ToString() => $"AuditEntry #{Sequence} {Record.Action}";

    /// <summary>Compares two entries by their canonical bytes, which determine everything else.</summary>
    /// <param name="obj">The other entry.</param>
    /// <returns><see langword="true"/> when both encode the same entry.</returns>
    public override bool Equals(object? obj) => obj is AuditEntry other && Encoded.Span.SequenceEqual(other.Encoded.Span);

    /// <inheritdoc />
    public override int GetHashCode() => ContentEquality.HashOf(LeafHash.Span);
}
