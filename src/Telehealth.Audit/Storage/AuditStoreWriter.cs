namespace Telehealth.Audit;

/// <summary>
/// The chaining step every store shares: given the tail (next sequence, last leaf hash), encodes a
/// batch of records, each linked to its predecessor, and returns their bytes and leaf hashes.
/// </summary>
public static class AuditStoreWriter
{
    /// <summary>Encodes records as consecutive entries after the given tail.</summary>
    /// <param name="nextSequence">The sequence number the first record gets.</param>
    /// <param name="previousHash">The leaf hash of the entry before it (32 zero bytes for an empty log).</param>
    /// <param name="records">The records, in the order they are to be stored.</param>
    /// <returns>For each record, its canonical bytes and leaf hash.</returns>
    public static IReadOnlyList<(byte[] Data, byte[] LeafHash)> Chain(long nextSequence, ReadOnlySpan<byte> previousHash, IReadOnlyList<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentOutOfRangeException.ThrowIfNegative(nextSequence);
        if (previousHash.Length != MerkleProofs.HashSize)
        {
            throw new ArgumentException("The previous hash must be 32 bytes.", nameof(previousHash));
        }

        var result = new (byte[], byte[])[records.Count];
        var previous = previousHash.ToArray();
        for (var i = 0; i < records.Count; i++)
        {
            var data = AuditEntryCodec.Encode(nextSequence + i, previous, records[i]);
            previous = MerkleHash.Leaf(data);
            result[i] = (data, previous);
        }

        return result;
    }
}
