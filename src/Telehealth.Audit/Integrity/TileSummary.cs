namespace Telehealth.Audit;

/// <summary>The summary of a full tile: its 16 nodes four levels above its hashes, each the root of 16 consecutive hashes of the tile.</summary>
internal static class TileSummary
{
    /// <summary>The level, counted from the tile's own hashes, of the nodes a summary holds.</summary>
    public const int Level = 4;

    /// <summary>How many nodes a summary holds.</summary>
    public const int Nodes = TlogTiles.Width >> Level;

    /// <summary>How many of the tile's hashes each node covers.</summary>
    public const int LeavesPerNode = 1 << Level;

    /// <summary>The length of a summary in bytes.</summary>
    public const int Bytes = Nodes * MerkleHash.Size;

    /// <summary>Computes the summary of a full tile.</summary>
    public static void Compute(MerkleHasher hasher, ReadOnlySpan<byte> fullTile, Span<byte> destination)
    {
        Span<byte> scratch = stackalloc byte[LeavesPerNode / 2 * MerkleHash.Size];
        const int group = LeavesPerNode * MerkleHash.Size;
        for (var i = 0; i < Nodes; i++)
        {
            MerkleFrontier.PerfectSubtreeRoot(hasher, fullTile.Slice(i * group, group), scratch, destination.Slice(i * MerkleHash.Size, MerkleHash.Size));
        }
    }
}
