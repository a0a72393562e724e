namespace Telehealth.Audit;

/// <summary>
/// The right edge of a log's Merkle tree cut into C2SP tlog-tiles hash tiles, for stores that persist
/// the tiles <see cref="IAuditStore.ReadTileAsync"/> serves. A tile of level <c>L</c> holds 256
/// hashes of tree level <c>8·L</c> (level 0: leaf hashes); tile <c>N</c> of a level holds that
/// level's hashes <c>256·N</c> to <c>256·N + 255</c>. The edge is the partial tile of every level
/// (at most 255 hashes, 8 KiB, each), whatever the tree's size. Appending leaf hashes fills
/// level 0; a tile that becomes full is handed to the caller once, and its hash (the root of the
/// perfect subtree over its 256 hashes) joins the partial tile one level up.
/// </summary>
/// <remarks>
/// A store persists every full tile it is handed (full tiles never change) and, to serve the right
/// edge without recomputing it, each partial tile whose width changed; a partial tile only grows,
/// its earlier hashes never change. Together the full tiles and the edge are the whole tree: a
/// store rebuilds the edge from its partial tiles (<see cref="FromPartialTiles"/>) or, if it keeps
/// only full tiles, from its last leaf hashes and the full tiles (<see cref="FromFullTiles"/>).
/// Not thread-safe.
/// </remarks>
public sealed class HashTileEdge
{
    /// <summary>The number of hashes in a full tile: 256.</summary>
    public const int TileWidth = TlogTiles.Width;

    /// <summary>The highest tile level, 7: a tree of at most 2^63 leaves has tile levels 0 to 7.</summary>
    public const int MaxLevel = TlogTiles.MaxLevel;

    // A level's buffer is allocated when its first hash arrives.
    private readonly byte[]?[] _partial = new byte[]?[MaxLevel + 1];
    private readonly int[] _widths = new int[MaxLevel + 1];

    /// <summary>Initializes a new instance of the <see cref="HashTileEdge"/> class: the edge of the empty tree.</summary>
    public HashTileEdge()
    {
    }

    /// <summary>Gets the number of leaves of the tree.</summary>
    public long TreeSize { get; private set; }

    /// <summary>
    /// Restores the edge of a tree of <paramref name="treeSize"/> leaves from its partial tiles, for
    /// a store that persists them.
    /// </summary>
    /// <param name="treeSize">The number of leaves.</param>
    /// <param name="readPartialTile">
    /// Called once for every level whose partial tile is not empty, lowest level first, with the
    /// level, the tile's index and its width in hashes; returns the tile's hashes, exactly
    /// <c>32 · width</c> bytes.
    /// </param>
    /// <returns>The edge.</returns>
    /// <exception cref="ArgumentException">A partial tile does not hold exactly the hashes its width says.</exception>
    public static HashTileEdge FromPartialTiles(long treeSize, Func<int, long, int, ReadOnlyMemory<byte>> readPartialTile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        ArgumentNullException.ThrowIfNull(readPartialTile);
        var edge = new HashTileEdge { TreeSize = treeSize };
        for (var level = 0; level <= MaxLevel; level++)
        {
            var index = TlogTiles.FullTiles(level, treeSize);
            var width = TlogTiles.WidthAt(level, index, treeSize);
            if (width == 0)
            {
                continue;
            }

            var hashes = readPartialTile(level, index, width);
            if (hashes.Length != width * MerkleHash.Size)
            {
                throw new ArgumentException($"The partial tile of level {level} must hold {width} hashes.", nameof(readPartialTile));
            }

            hashes.Span.CopyTo(edge.Buffer(level));
            edge._widths[level] = width;
        }

        return edge;
    }

    /// <summary>
    /// Restores the edge of a tree of <paramref name="treeSize"/> leaves from its last leaf hashes
    /// and its full tiles, for a store that persists only full tiles: each partial tile above level 0
    /// is made of the hashes of the full tiles below it.
    /// </summary>
    /// <param name="treeSize">The number of leaves.</param>
    /// <param name="lastLeafHashes">The level-0 partial tile: the last <c>treeSize % 256</c> leaf hashes, oldest first.</param>
    /// <param name="readFullTile">Returns full tile (level, index): its 256 hashes.</param>
    /// <returns>The edge.</returns>
    /// <exception cref="ArgumentException">The leaf hashes or a full tile do not have the right length.</exception>
    public static HashTileEdge FromFullTiles(long treeSize, ReadOnlySpan<byte> lastLeafHashes, Func<int, long, ReadOnlyMemory<byte>> readFullTile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        ArgumentNullException.ThrowIfNull(readFullTile);
        if (lastLeafHashes.Length != treeSize % TileWidth * MerkleHash.Size)
        {
            throw new ArgumentException($"The last leaf hashes must be the {treeSize % TileWidth} hashes of the level-0 partial tile.", nameof(lastLeafHashes));
        }

        var leaves = lastLeafHashes.ToArray();
        using var hasher = new MerkleHasher();
        var scratch = new byte[TlogTiles.FullTileBytes / 2];
        return FromPartialTiles(treeSize, (level, index, width) =>
        {
            if (level == 0)
            {
                return leaves;
            }

            var hashes = new byte[width * MerkleHash.Size];
            for (var i = 0; i < width; i++)
            {
                var child = readFullTile(level - 1, (index * TileWidth) + i);
                if (child.Length != TlogTiles.FullTileBytes)
                {
                    throw new ArgumentException($"Full tile {(index * TileWidth) + i} of level {level - 1} must hold 256 hashes.", nameof(readFullTile));
                }

                MerkleFrontier.PerfectSubtreeRoot(hasher, child.Span, scratch, hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size));
            }

            return hashes;
        });
    }

    /// <summary>Gets the index of the partial tile of a level, which is also the number of full tiles on it.</summary>
    /// <param name="level">The tile level, 0 to <see cref="MaxLevel"/>.</param>
    /// <returns>The index.</returns>
    public long PartialIndex(int level)
    {
        CheckLevel(level);
        return TlogTiles.FullTiles(level, TreeSize);
    }

    /// <summary>Gets how many hashes the partial tile of a level holds, 0 to 255.</summary>
    /// <param name="level">The tile level, 0 to <see cref="MaxLevel"/>.</param>
    /// <returns>The width.</returns>
    public int PartialWidth(int level)
    {
        CheckLevel(level);
        return _widths[level];
    }

    /// <summary>Gets the hashes of the partial tile of a level: <c>32 · <see cref="PartialWidth"/></c> bytes.</summary>
    /// <param name="level">The tile level, 0 to <see cref="MaxLevel"/>.</param>
    /// <returns>The hashes, valid until the next <see cref="Append"/>.</returns>
    public ReadOnlySpan<byte> PartialTile(int level)
    {
        CheckLevel(level);
        return _partial[level].AsSpan(0, _widths[level] * MerkleHash.Size);
    }

    /// <summary>
    /// Appends leaf hashes in order. Every tile they complete is passed to
    /// <paramref name="onFullTile"/> (level, index, its 256 hashes, valid during the call), lowest
    /// level first, as it completes.
    /// </summary>
    /// <param name="leafHashes">The leaf hashes, 32 bytes each.</param>
    /// <param name="onFullTile">Receives each tile that becomes full. If it throws, the edge is left mid-append and must be discarded.</param>
    /// <exception cref="ArgumentException"><paramref name="leafHashes"/> is not a whole number of hashes.</exception>
    public void Append(ReadOnlySpan<byte> leafHashes, Action<int, long, ReadOnlySpan<byte>> onFullTile)
    {
        ArgumentNullException.ThrowIfNull(onFullTile);
        if (leafHashes.Length % MerkleHash.Size != 0)
        {
            throw new ArgumentException("The leaf hashes must be 32 bytes each.", nameof(leafHashes));
        }

        MerkleHasher? hasher = null;
        var scratch = Array.Empty<byte>();
        Span<byte> carry = stackalloc byte[MerkleHash.Size];
        try
        {
            for (var offset = 0; offset < leafHashes.Length; offset += MerkleHash.Size)
            {
                leafHashes.Slice(offset, MerkleHash.Size).CopyTo(carry);
                for (var level = 0; level <= MaxLevel; level++)
                {
                    var tile = Buffer(level);
                    carry.CopyTo(tile.AsSpan(_widths[level] * MerkleHash.Size));
                    if (++_widths[level] < TileWidth)
                    {
                        break;
                    }

                    onFullTile(level, (TlogTiles.LevelSize(level, TreeSize + 1) / TileWidth) - 1, tile);
                    hasher ??= new MerkleHasher();
                    scratch = scratch.Length > 0 ? scratch : new byte[TlogTiles.FullTileBytes / 2];
                    MerkleFrontier.PerfectSubtreeRoot(hasher, tile, scratch, carry);
                    _widths[level] = 0;
                }

                TreeSize++;
            }
        }
        finally
        {
            hasher?.Dispose();
        }
    }

    private byte[] Buffer(int level) => _partial[level] ??= new byte[TlogTiles.FullTileBytes];

    private static void CheckLevel(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
    }
}
