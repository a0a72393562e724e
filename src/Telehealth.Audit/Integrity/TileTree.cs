using System.Numerics;

namespace Telehealth.Audit;

/// <summary>
/// Roots and RFC 6962 proofs computed from hash tiles (<see cref="TlogTiles"/>) read on demand, so a
/// log of any size needs only the tiles a request touches. Full tiles never change, so they are
/// kept, with every inner level computed once, in a small least-recently-used cache; partial tiles
/// are read afresh. Thread-safe.
/// </summary>
internal sealed class TileTree
{
    /// <summary>Reads the first <c>width</c> hashes of a tile into a buffer of <c>32 · width</c> bytes.</summary>
    public delegate ValueTask TileReader(int level, long index, int width, Memory<byte> destination, CancellationToken cancellationToken);

    private readonly TileReader _read;
    private readonly int _capacity;
    private readonly Dictionary<(int Level, long Index), LinkedListNode<(int Level, long Index, ExpandedTile Tile)>> _cache = [];
    private readonly LinkedList<(int Level, long Index, ExpandedTile Tile)> _recent = new();
    private readonly Lock _lock = new();

    /// <param name="read">Reads tiles.</param>
    /// <param name="cachedTiles">How many full tiles to keep (16 KiB each).</param>
    public TileTree(TileReader read, int cachedTiles = 1024)
    {
        _read = read;
        _capacity = cachedTiles;
    }

    /// <summary>Computes the root of the tree of <paramref name="treeSize"/> leaves.</summary>
    public async ValueTask<byte[]> RootAsync(long treeSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        return treeSize == 0 ? MerkleHash.Empty() : await SubtreeHashAsync(0, treeSize, treeSize, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PATH(m, D[n]) of RFC 6962 section 2.1.1, leaf-to-root order.</summary>
    public async ValueTask<IReadOnlyList<byte[]>> InclusionPathAsync(long leafIndex, long treeSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(treeSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, treeSize);
        var path = new List<byte[]>();
        var (m, start, end) = (leafIndex, 0L, treeSize);
        var siblings = new List<(long Start, long End)>();
        while (end - start > 1)
        {
            var k = MerkleTree.LargestPowerOfTwoBelow(end - start);
            if (m < k)
            {
                siblings.Add((start + k, end));
                end = start + k;
            }
            else
            {
                siblings.Add((start, start + k));
                m -= k;
                start += k;
            }
        }

        for (var i = siblings.Count - 1; i >= 0; i--)
        {
            path.Add(await SubtreeHashAsync(siblings[i].Start, siblings[i].End, treeSize, cancellationToken).ConfigureAwait(false));
        }

        return path;
    }

    /// <summary>PROOF(m, D[n]) of RFC 6962 section 2.1.2.</summary>
    public async ValueTask<IReadOnlyList<byte[]>> ConsistencyPathAsync(long firstSize, long secondSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstSize, secondSize);
        var nodes = new List<(long Start, long End)>();
        if (firstSize > 0 && firstSize < secondSize)
        {
            // SUBPROOF(m, D[start:end], complete), unrolled: the hashes are collected root-side
            // first and emitted leaf-side first, as the recursion would.
            var (m, start, end, complete) = (firstSize, 0L, secondSize, true);
            while (m != end - start)
            {
                var k = MerkleTree.LargestPowerOfTwoBelow(end - start);
                if (m <= k)
                {
                    nodes.Add((start + k, end));
                    end = start + k;
                }
                else
                {
                    nodes.Add((start, start + k));
                    m -= k;
                    start += k;
                    complete = false;
                }
            }

            if (!complete)
            {
                nodes.Add((start, end));
            }

            nodes.Reverse();
        }

        var path = new List<byte[]>(nodes.Count);
        foreach (var (start, end) in nodes)
        {
            path.Add(await SubtreeHashAsync(start, end, secondSize, cancellationToken).ConfigureAwait(false));
        }

        return path;
    }

    /// <summary>Computes MTH of leaves [<paramref name="start"/>, <paramref name="end"/>) of a tree of <paramref name="treeSize"/> leaves.</summary>
    public async ValueTask<byte[]> SubtreeHashAsync(long start, long end, long treeSize, CancellationToken cancellationToken)
    {
        var n = end - start;
        if ((n & (n - 1)) == 0)
        {
            return await NodeHashAsync(BitOperations.Log2((ulong)n), start >> BitOperations.Log2((ulong)n), treeSize, cancellationToken).ConfigureAwait(false);
        }

        var k = MerkleTree.LargestPowerOfTwoBelow(n);
        var left = await SubtreeHashAsync(start, start + k, treeSize, cancellationToken).ConfigureAwait(false);
        var right = await SubtreeHashAsync(start + k, end, treeSize, cancellationToken).ConfigureAwait(false);
        MerkleHash.Node(left, right, left);
        return left;
    }

    /// <summary>Forgets every cached tile, for instance after the store behind the reader was replaced.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _cache.Clear();
            _recent.Clear();
        }
    }

    /// <summary>Gets the hash of the node at tree level <paramref name="treeLevel"/> (2^level leaves), number <paramref name="index"/> on that level.</summary>
    private async ValueTask<byte[]> NodeHashAsync(int treeLevel, long index, long treeSize, CancellationToken cancellationToken)
    {
        var tileLevel = treeLevel / TlogTiles.Height;
        var sublevel = treeLevel % TlogTiles.Height;
        var first = index << sublevel;
        var tileIndex = first / TlogTiles.Width;
        var offset = (int)(first % TlogTiles.Width);
        var width = TlogTiles.WidthAt(tileLevel, tileIndex, treeSize);
        if (offset + (1 << sublevel) > width)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "The node is not inside the tree.");
        }

        if (width == TlogTiles.Width)
        {
            var tile = await FullTileAsync(tileLevel, tileIndex, cancellationToken).ConfigureAwait(false);
            return tile.Node(sublevel, offset >> sublevel);
        }

        var hashes = new byte[width * MerkleHash.Size];
        await _read(tileLevel, tileIndex, width, hashes, cancellationToken).ConfigureAwait(false);
        var root = new byte[MerkleHash.Size];
        using var hasher = new MerkleHasher();
        MerkleFrontier.PerfectSubtreeRoot(hasher, hashes.AsSpan(offset * MerkleHash.Size, MerkleHash.Size << sublevel), new byte[Math.Max(MerkleHash.Size, (MerkleHash.Size << sublevel) / 2)], root);
        return root;
    }

    private async ValueTask<ExpandedTile> FullTileAsync(int level, long index, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_cache.TryGetValue((level, index), out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Tile;
            }
        }

        var hashes = new byte[TlogTiles.FullTileBytes];
        await _read(level, index, TlogTiles.Width, hashes, cancellationToken).ConfigureAwait(false);
        var tile = new ExpandedTile(hashes);
        lock (_lock)
        {
            if (!_cache.ContainsKey((level, index)))
            {
                _cache[(level, index)] = _recent.AddFirst((level, index, tile));
                if (_cache.Count > _capacity)
                {
                    _cache.Remove((_recent.Last!.Value.Level, _recent.Last.Value.Index));
                    _recent.RemoveLast();
                }
            }
        }

        return tile;
    }

    /// <summary>A full tile with all nine levels of its subtree: 256 hashes, then 128, ... then its root.</summary>
    private sealed class ExpandedTile
    {
        private readonly byte[] _nodes = new byte[((2 * TlogTiles.Width) - 1) * MerkleHash.Size];

        public ExpandedTile(byte[] hashes)
        {
            hashes.CopyTo(_nodes, 0);
            using var hasher = new MerkleHasher();
            var read = 0;
            var write = TlogTiles.Width;
            for (var count = TlogTiles.Width; count > 1; count /= 2)
            {
                for (var i = 0; i < count; i += 2, write++)
                {
                    hasher.Node(Slot(read + i), Slot(read + i + 1), Slot(write));
                }

                read += count;
            }
        }

        public byte[] Node(int sublevel, long index)
        {
            var offset = 0;
            for (var level = 0; level < sublevel; level++)
            {
                offset += TlogTiles.Width >> level;
            }

            return Slot(offset + (int)index).ToArray();
        }

        private Span<byte> Slot(int i) => _nodes.AsSpan(i * MerkleHash.Size, MerkleHash.Size);
    }
}
