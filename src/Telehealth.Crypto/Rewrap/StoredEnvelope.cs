namespace Telehealth.Crypto;

/// <summary>One stored envelope as <see cref="IEnvelopeStore"/> lists it. Two are equal when their keys and bytes are.</summary>
/// <param name="RecordKey">The application's key of the record.</param>
/// <param name="Header">The envelope, or at least its header (the census and rewrap read nothing else).</param>
public sealed record StoredEnvelope(string RecordKey, ReadOnlyMemory<byte> Header)
{
    /// <summary>Compares the record keys and the bytes (not the buffers that hold them).</summary>
    /// <param name="other">The other envelope.</param>
    /// <returns>Whether both name the same record with the same bytes.</returns>
    public bool Equals(StoredEnvelope? other) =>
        other is not null && string.Equals(RecordKey, other.RecordKey, StringComparison.Ordinal) && Header.Span.SequenceEqual(other.Header.Span);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(RecordKey, StringComparer.Ordinal);
        hash.AddBytes(Header.Span);
        return hash.ToHashCode();
    }
}
