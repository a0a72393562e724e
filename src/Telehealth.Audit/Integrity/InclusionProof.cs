namespace Telehealth.Audit;

/// <summary>An RFC 9162 inclusion proof: the audit path from a leaf to the root of a tree.</summary>
/// <param name="LeafIndex">The leaf's index (the entry's sequence number).</param>
/// <param name="TreeSize">The size of the tree the proof is for.</param>
/// <param name="Hashes">The path hashes, leaf to root; ceil(log2(TreeSize)) of them at most.</param>
public sealed record InclusionProof(long LeafIndex, long TreeSize, IReadOnlyList<byte[]> Hashes)
{
    /// <summary>Verifies the proof for <paramref name="leafHash"/> against <paramref name="rootHash"/>.</summary>
    /// <param name="leafHash">The leaf hash.</param>
    /// <param name="rootHash">The tree's root hash, from a verified checkpoint.</param>
    /// <returns><see langword="true"/> when the proof holds.</returns>
    public bool Verify(ReadOnlySpan<byte> leafHash, ReadOnlySpan<byte> rootHash) =>
        MerkleProofs.VerifyInclusion(leafHash, LeafIndex, TreeSize, Hashes, rootHash);

    /// <summary>Compares two proofs by their contents, hashes included.</summary>
    /// <param name="other">The other proof.</param>
    /// <returns><see langword="true"/> when both prove the same leaf in the same tree with the same hashes.</returns>
    public bool Equals(InclusionProof? other) =>
        other is not null && LeafIndex == other.LeafIndex && TreeSize == other.TreeSize && ContentEquality.Hashes(Hashes, other.Hashes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(LeafIndex, TreeSize, Hashes.Count);
}
