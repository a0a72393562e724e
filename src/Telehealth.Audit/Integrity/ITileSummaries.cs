namespace Telehealth.Audit;

/// <summary>
/// The 16 hashes at tree level 4 inside each full level-0 tile (FORMAT.md, "Tile summaries"), kept by
/// a store beside its tiles. With them, a proof for an entry whose tile is not in memory hashes about
/// 30 nodes instead of the tile's 255. A summary is a cache, never trusted: <see cref="TileTree"/>
/// checks it against the tile's hash in the level-1 tile before use, and replaces a missing or wrong
/// one with the summary it computed from the tile itself.
/// </summary>
internal interface ITileSummaries
{
    /// <summary>Reads the summary of level-0 tile <paramref name="tileIndex"/>; <see langword="false"/> when there is none to read.</summary>
    bool TryRead(long tileIndex, Span<byte> destination);

    /// <summary>Stores the summary of level-0 tile <paramref name="tileIndex"/>; a failure to store is not an error (the next reader computes it again).</summary>
    void Write(long tileIndex, ReadOnlySpan<byte> summary);
}
