namespace Telehealth.Audit;

/// <summary>
/// The right edge of an append-only RFC 9162 tree: the roots of the perfect subtrees it is made of,
/// one per set bit of its size, largest first. That is all a verifier needs for the root at the
/// current size, at one node hash per leaf amortized, with no lock and no per-leaf storage (unlike
/// <see cref="MerkleTree"/>, which keeps every level for proofs). Whole aligned subtrees can be
/// appended at once, so their hashing can happen elsewhere, for instance in parallel.
/// </summary>
internal sealed class MerkleFrontier
{
    private const int MaxLevels = 64;
    private readonly byte[] _hashes = new byte[MaxLevels * MerkleHash.Size];
    private readonly int[] _levels = new int[MaxLevels];
    private int _count;

    /// <summary>
    /// Gets or sets a callback told of every node formed at a tree level that is a multiple of
    /// <see cref="TlogTiles.Height"/> above the leaves (the hashes of tiles above level 0), with the
    /// tree level and the node's index on it.
    /// </summary>
    public Action<int, long, ReadOnlySpan<byte>>? OnTileLevelNode { get; set; }

    /// <summary>Gets the number of leaves appended so far.</summary>
    public long Size { get; private set; }

    /// <summary>Appends one leaf hash.</summary>
    public void AppendLeaf(ReadOnlySpan<byte> leafHash) => AppendSubtree(leafHash, 0);

    /// <summary>
    /// Appends the root of a perfect subtree of 2^<paramref name="level"/> leaves. The tree must end
    /// on a multiple of that many leaves, as the subtree would then be a node of the tree.
    /// </summary>
    public void AppendSubtree(ReadOnlySpan<byte> root, int level)
    {
        if ((Size & ((1L << level) - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The tree size is not a multiple of the subtree size.");
        }

        root.CopyTo(Slot(_count));
        _levels[_count++] = level;
        var start = Size;
        Size += 1L << level;
        Report(level, start);

        // Like a binary counter's carry: two equal subtrees side by side become their parent.
        while (_count >= 2 && _levels[_count - 2] == _levels[_count - 1])
        {
            MerkleHash.Node(Slot(_count - 2), Slot(_count - 1), Slot(_count - 2));
            _levels[_count - 2]++;
            _count--;
            Report(_levels[_count - 1], Size - (1L << _levels[_count - 1]));
        }
    }

    /// <summary>Writes the root of the tree at its current size (RFC 9162 MTH).</summary>
    public void Root(Span<byte> destination)
    {
        if (_count == 0)
        {
            MerkleHash.Empty().CopyTo(destination);
            return;
        }

        // MTH splits at the largest power of two below the size, which is exactly the frontier's
        // largest subtree; folding from the smallest subtree leftwards reproduces that recursion.
        Slot(_count - 1).CopyTo(destination);
        for (var i = _count - 2; i >= 0; i--)
        {
            MerkleHash.Node(Slot(i), destination, destination);
        }
    }

    /// <summary>
    /// Computes the root of the perfect subtree over consecutive leaf hashes (a power of two of
    /// them), using <paramref name="scratch"/> (half as long) for the inner levels.
    /// </summary>
    public static void PerfectSubtreeRoot(MerkleHasher hasher, ReadOnlySpan<byte> leafHashes, Span<byte> scratch, Span<byte> destination)
    {
        const int size = MerkleHash.Size;
        var count = leafHashes.Length / size;
        if (count == 1)
        {
            leafHashes.CopyTo(destination);
            return;
        }

        for (var i = 0; i < count / 2; i++)
        {
            hasher.Node(leafHashes.Slice(2 * i * size, size), leafHashes.Slice(((2 * i) + 1) * size, size), scratch.Slice(i * size, size));
        }

        // In place: slot i is written only after slots 2i and 2i+1 (never below i) were read.
        for (count /= 2; count > 1; count /= 2)
        {
            for (var i = 0; i < count / 2; i++)
            {
                hasher.Node(scratch.Slice(2 * i * size, size), scratch.Slice(((2 * i) + 1) * size, size), scratch.Slice(i * size, size));
            }
        }

        scratch[..size].CopyTo(destination);
    }

    private void Report(int level, long firstLeaf)
    {
        if (OnTileLevelNode is { } report && level > 0 && level % TlogTiles.Height == 0)
        {
            report(level, firstLeaf >> level, Slot(_count - 1));
        }
    }

    private Span<byte> Slot(int index) => _hashes.AsSpan(index * MerkleHash.Size, MerkleHash.Size);
}
