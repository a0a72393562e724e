namespace Telehealth.Audit;

/// <summary>An RFC 9162 consistency proof: evidence that a tree is an append-only extension of an earlier one.</summary>
/// <param name="FirstSize">The earlier tree size.</param>
/// <param name="SecondSize">The later tree size.</param>
/// <param name="Hashes">The proof hashes.</param>
public sealed record ConsistencyProof(long FirstSize, long SecondSize, IReadOnlyList<byte[]> Hashes)
{
    /// <summary>Verifies the proof against the two trees' root hashes.</summary>
    /// <param name="firstRoot">The earlier root hash.</param>
    /// <param name="secondRoot">The later root hash.</param>
    /// <returns><see langword="true"/> when the proof holds.</returns>
    public bool Verify(ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot) =>
        MerkleProofs.VerifyConsistency(FirstSize, SecondSize, firstRoot, secondRoot, Hashes);

    /// <summary>Compares two proofs by their contents, hashes included.</summary>
    /// <param name="other">The other proof.</param>
    /// <returns><see langword="true"/> when both prove the same sizes with the same hashes.</returns>
    public bool Equals(ConsistencyProof? other) =>
        other is not null && FirstSize == other.FirstSize && SecondSize == other.SecondSize && ContentEquality.Hashes(Hashes, other.Hashes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(FirstSize, SecondSize, Hashes.Count);
}
