namespace Telehealth.Audit;

/// <summary>
/// The 16 hashes four levels up inside each full tile (FORMAT.md, "Tile summaries"), kept by a store
/// beside its tiles. With them, a proof through a tile that is not in memory hashes about 30 nodes
/// instead of the tile's 255. A summary is a cache, never trusted: <see cref="TileTree"/> checks it
/// against the tile's hash in the tile one level up before use, and replaces a missing or wrong one
/// with the summary it computed from the tile itself.
/// </summary>
internal interface ITileSummaries
{
    /// <summary>Reads the summary of full tile <paramref name="tileIndex"/> of tile level <paramref name="level"/>; <see langword="false"/> when there is none to read.</summary>
    bool TryRead(int level, long tileIndex, Span<byte> destination);

    /// <summary>Stores the summary of full tile <paramref name="tileIndex"/> of tile level <paramref name="level"/>; a failure to store is not an error (the next reader computes it again).</summary>
    void Write(int level, long tileIndex, ReadOnlySpan<byte> summary);
}
