using System.Numerics;

namespace Telehealth.Audit;

/// <summary>
/// Roots and RFC 6962 proofs computed from hash tiles (<see cref="TlogTiles"/>) read on demand, so a
/// log of any size needs only the tiles a request touches. A tile of a given width never changes
/// (a partial tile is a prefix of every wider one), so tiles are kept, with every inner level
/// computed once, in a small least-recently-used cache keyed by level, index and width. With
/// <see cref="ITileSummaries"/>, a full tile is expanded only where a request needs it: its levels
/// above 4 from its checked summary, and the 16 hashes below the node asked for. Thread-safe.
/// </summary>
internal sealed class TileTree
{
    /// <summary>Reads the first <c>width</c> hashes of a tile into a buffer of <c>32 · width</c> bytes.</summary>
    public delegate ValueTask TileReader(int level, long index, int width, Memory<byte> destination, CancellationToken cancellationToken);

    private readonly TileReader _read;
    private readonly int _capacity;
    private readonly ITileSummaries? _summaries;
    private readonly Dictionary<(int Level, long Index, int Width), LinkedListNode<((int Level, long Index, int Width) Key, CachedTile Tile)>> _cache = [];
    private readonly LinkedList<((int Level, long Index, int Width) Key, CachedTile Tile)> _recent = new();
    private readonly Lock _lock = new();

    /// <param name="read">Reads tiles.</param>
    /// <param name="cachedTiles">How many full tiles to keep (16 KiB each).</param>
    /// <param name="summaries">The summaries of full level-0 tiles the store keeps, if any.</param>
    public TileTree(TileReader read, int cachedTiles = 1024, ITileSummaries? summaries = null)
    {
        _read = read;
        _capacity = cachedTiles;
        _summaries = summaries;
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

        var tile = await TileAsync(tileLevel, tileIndex, width, treeSize, cancellationToken).ConfigureAwait(false);
        return tile.Node(sublevel, offset >> sublevel);
    }

    private async ValueTask<CachedTile> TileAsync(int level, long index, int width, long treeSize, CancellationToken cancellationToken)
    {
        var key = (level, index, width);
        lock (_lock)
        {
            if (_cache.TryGetValue(key, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                return node.Value.Tile;
            }
        }

        var hashes = new byte[width * MerkleHash.Size];
        await _read(level, index, width, hashes, cancellationToken).ConfigureAwait(false);
        var tile = width == TlogTiles.Width && _summaries is not null
            ? await SummarizedOrExpandedAsync(level, index, hashes, treeSize, cancellationToken).ConfigureAwait(false)
            : new ExpandedTile(hashes, width);
        lock (_lock)
        {
            if (!_cache.ContainsKey(key))
            {
                _cache[key] = _recent.AddFirst((key, tile));
                if (_cache.Count > _capacity)
                {
                    _cache.Remove(_recent.Last!.Value.Key);
                    _recent.RemoveLast();
                }
            }
        }

        return tile;
    }

    /// <summary>
    /// A full tile from its summary when the summary checks out against the tile's hash in the tile
    /// one level up; otherwise the tile expanded in full, whose summary then replaces the stored one.
    /// </summary>
    private async ValueTask<CachedTile> SummarizedOrExpandedAsync(int level, long index, byte[] hashes, long treeSize, CancellationToken cancellationToken)
    {
        var tileHash = await NodeHashAsync((level + 1) * TlogTiles.Height, index, treeSize, cancellationToken).ConfigureAwait(false);
        var summary = new byte[TileSummary.Bytes];
        if (_summaries!.TryRead(level, index, summary))
        {
            var upper = new NodePyramid(summary, TileSummary.Nodes, TlogTiles.Height - TileSummary.Level);
            if (upper.Root.SequenceEqual(tileHash))
            {
                return new SummarizedTile(hashes, upper);
            }
        }

        var expanded = new ExpandedTile(hashes, TlogTiles.Width);
        if (expanded.Node(TlogTiles.Height, 0).AsSpan().SequenceEqual(tileHash))
        {
            _summaries.Write(level, index, expanded.Level(TileSummary.Level));
        }

        return expanded;
    }

    /// <summary>A tile as the cache keeps it: any node inside it, by level within the tile and index on that level.</summary>
    private abstract class CachedTile
    {
        public abstract byte[] Node(int sublevel, long index);
    }

    /// <summary>
    /// Hashes and every level of complete subtrees above them: level 0 is the given hashes, level
    /// <c>k</c> the hashes of pairs of level <c>k - 1</c>, up to <c>height</c>; with <c>w</c> hashes
    /// given, level <c>k</c> has the <c>w / 2^k</c> complete nodes.
    /// </summary>
    private sealed class NodePyramid
    {
        private readonly byte[] _nodes;
        private readonly int[] _offsets;
        private readonly int _width;

        public NodePyramid(ReadOnlySpan<byte> hashes, int width, int height)
        {
            _width = width;
            _offsets = new int[height + 1];
            var total = 0;
            for (var level = 0; level <= height; level++)
            {
                _offsets[level] = total;
                total += width >> level;
            }

            _nodes = new byte[total * MerkleHash.Size];
            hashes[..(width * MerkleHash.Size)].CopyTo(_nodes);
            using var hasher = new MerkleHasher();
            for (var level = 1; level <= height; level++)
            {
                for (var i = 0; i < width >> level; i++)
                {
                    hasher.Node(Slot(_offsets[level - 1] + (2 * i)), Slot(_offsets[level - 1] + (2 * i) + 1), Slot(_offsets[level] + i));
                }
            }
        }

        /// <summary>Gets the top node (of a pyramid over a power of two of hashes).</summary>
        public ReadOnlySpan<byte> Root => Slot(_offsets[^1]);

        public ReadOnlySpan<byte> Level(int level) => _nodes.AsSpan(_offsets[level] * MerkleHash.Size, (_width >> level) * MerkleHash.Size);

        public byte[] Node(int level, long index) => Slot(_offsets[level] + (int)index).ToArray();

        private Span<byte> Slot(int i) => _nodes.AsSpan(i * MerkleHash.Size, MerkleHash.Size);
    }

    /// <summary>A tile with every level of its subtrees computed.</summary>
    private sealed class ExpandedTile(byte[] hashes, int width) : CachedTile
    {
        private readonly NodePyramid _pyramid = new(hashes, width, TlogTiles.Height);

        public ReadOnlySpan<byte> Level(int level) => _pyramid.Level(level);

        public override byte[] Node(int sublevel, long index) => _pyramid.Node(sublevel, index);
    }

    /// <summary>
    /// A full tile whose levels from 4 up come from its checked summary; the levels below are computed
    /// for one group of 16 of its hashes at a time, when a request first needs that group.
    /// </summary>
    private sealed class SummarizedTile(byte[] hashes, NodePyramid upper) : CachedTile
    {
        private readonly NodePyramid?[] _groups = new NodePyramid?[TileSummary.Nodes];

        public override byte[] Node(int sublevel, long index)
        {
            if (sublevel >= TileSummary.Level)
            {
                return upper.Node(sublevel - TileSummary.Level, index);
            }

            var group = (int)((index << sublevel) / TileSummary.LeavesPerNode);
            var pyramid = Volatile.Read(ref _groups[group]);
            if (pyramid is null)
            {
                const int bytes = TileSummary.LeavesPerNode * MerkleHash.Size;
                pyramid = new NodePyramid(hashes.AsSpan(group * bytes, bytes), TileSummary.LeavesPerNode, TileSummary.Level);
                Volatile.Write(ref _groups[group], pyramid);
            }

            return pyramid.Node(sublevel, index - ((long)group << (TileSummary.Level - sublevel)));
        }
    }
}
