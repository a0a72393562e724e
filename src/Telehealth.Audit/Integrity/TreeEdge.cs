namespace Telehealth.Audit;

/// <summary>
/// The right edge of a tiled tree (<see cref="TlogTiles"/>): for every tile level, the hashes of its
/// partial tile, at most 255. Appending leaf hashes fills level 0; a tile that becomes full is handed
/// out once, and its root (the hash of its 256 hashes) joins the partial tile one level up. Together
/// with the full tiles handed out earlier this is the whole tree; alone it is a few KiB whatever the
/// tree's size. Not thread-safe.
/// </summary>
internal sealed class TreeEdge
{
    private readonly byte[][] _partial = new byte[TlogTiles.MaxLevel + 1][];
    private readonly int[] _widths = new int[TlogTiles.MaxLevel + 1];
    private readonly byte[] _scratch = new byte[TlogTiles.FullTileBytes / 2];

    public TreeEdge()
    {
        for (var level = 0; level < _partial.Length; level++)
        {
            _partial[level] = new byte[TlogTiles.FullTileBytes];
        }
    }

    /// <summary>Gets the number of leaves.</summary>
    public long Size { get; private set; }

    /// <summary>
    /// Rebuilds the edge of a tree of <paramref name="size"/> leaves from its last leaf hashes (the
    /// level-0 partial tile: <c>size % 256</c> of them, oldest first) and the full tiles, read through
    /// <paramref name="readFullTile"/>, whose roots make the partial tiles above.
    /// </summary>
    public static TreeEdge Restore(long size, ReadOnlySpan<byte> lastLeafHashes, Func<int, long, byte[]> readFullTile, MerkleHasher hasher)
    {
        var edge = new TreeEdge { Size = size };
        for (var level = 0; level <= TlogTiles.MaxLevel; level++)
        {
            var count = TlogTiles.LevelSize(level, size);
            var width = (int)(count % TlogTiles.Width);
            edge._widths[level] = width;
            if (width == 0)
            {
                continue;
            }

            if (level == 0)
            {
                if (lastLeafHashes.Length != width * MerkleHash.Size)
                {
                    throw new ArgumentException("The leaf hashes do not fill the level-0 partial tile.", nameof(lastLeafHashes));
                }

                lastLeafHashes.CopyTo(edge._partial[0]);
                continue;
            }

            var firstChild = count - width;
            for (var i = 0; i < width; i++)
            {
                var child = readFullTile(level - 1, firstChild + i);
                MerkleFrontier.PerfectSubtreeRoot(hasher, child, edge._scratch, edge._partial[level].AsSpan(i * MerkleHash.Size, MerkleHash.Size));
            }
        }

        return edge;
    }

    /// <summary>Gets the first <paramref name="width"/> hashes of the partial tile of <paramref name="level"/>.</summary>
    public ReadOnlySpan<byte> Partial(int level, int width) =>
        width <= _widths[level] ? _partial[level].AsSpan(0, width * MerkleHash.Size) : throw new ArgumentOutOfRangeException(nameof(width));

    /// <summary>Gets how many hashes the partial tile of <paramref name="level"/> holds.</summary>
    public int PartialWidth(int level) => _widths[level];

    /// <summary>Appends one leaf hash; every tile it completes is passed to <paramref name="onFullTile"/> (level, index, hashes), lowest level first.</summary>
    public void Append(ReadOnlySpan<byte> leafHash, MerkleHasher hasher, Action<int, long, ReadOnlySpan<byte>> onFullTile)
    {
        Span<byte> carry = stackalloc byte[MerkleHash.Size];
        leafHash.CopyTo(carry);
        for (var level = 0; level <= TlogTiles.MaxLevel; level++)
        {
            var tile = _partial[level];
            carry.CopyTo(tile.AsSpan(_widths[level] * MerkleHash.Size));
            if (++_widths[level] < TlogTiles.Width)
            {
                break;
            }

            var index = (TlogTiles.LevelSize(level, Size + 1) / TlogTiles.Width) - 1;
            onFullTile(level, index, tile);
            MerkleFrontier.PerfectSubtreeRoot(hasher, tile, _scratch, carry);
            _widths[level] = 0;
        }

        Size++;
    }
}
