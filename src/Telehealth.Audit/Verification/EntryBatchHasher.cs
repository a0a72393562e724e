using System.Collections.Concurrent;
using System.Numerics;

namespace Telehealth.Audit;

/// <summary>
/// The verifier's per-entry work that does not depend on order, done on all cores: each entry's
/// leaf hash, the comparison with the hash stored beside it and canonical decoding; and the Merkle
/// tree, kept as a <see cref="MerkleFrontier"/> that yields the root at every checkpoint size.
/// </summary>
/// <remarks>
/// A batch is cut into aligned power-of-two blocks of leaves, each a node of the final tree, and
/// never straddling a checkpoint size. A block's leaves and its subtree root are hashed by one
/// worker; only the few node hashes joining blocks are left to the sequential
/// <see cref="AppendToTree"/>. Hashing the tree before the order-dependent checks have passed
/// is harmless: the roots are compared only when every entry verified.
/// </remarks>
internal sealed class EntryBatchHasher : IDisposable
{
    /// <summary>The most entries a batch may hold.</summary>
    public const int BatchSize = 8192;

    // Blocks of at most 2^8 leaves give a full batch 32 work items: enough to keep two or more
    // cores busy to the end, few enough that scheduling costs nothing next to the hashing. No block
    // is larger than a tile, so every tile's root is formed in the frontier, where it is reported.
    private const int MaxBlockLevel = TlogTiles.Height;
    private const int HashSize = MerkleHash.Size;

    private static readonly ParallelOptions Parallelism = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    private readonly byte[] _leaves = new byte[BatchSize * HashSize];
    private readonly byte[] _scratch = new byte[BatchSize / 2 * HashSize];
    private readonly byte[] _blockRoots = new byte[BatchSize * HashSize];
    private readonly bool[] _hashMatches = new bool[BatchSize];
    private readonly string?[] _decodeErrors = new string?[BatchSize];
    private readonly List<(int Start, int Level)> _blocks = [];
    private readonly ConcurrentBag<MerkleHasher> _hashers = [];
    private readonly MerkleFrontier _tree = new();
    private readonly long[] _checkpointSizes;
    private readonly byte[][] _roots;
    private FileSegmentReader.Frame[] _frames = [];
    private int _nextRoot;

    /// <param name="checkpointSizes">The tree sizes whose roots are wanted.</param>
    /// <param name="onTileLevelNode">Told of every tree node that is a hash of a tile above level 0 (see <see cref="MerkleFrontier.OnTileLevelNode"/>).</param>
    public EntryBatchHasher(IEnumerable<long> checkpointSizes, Action<int, long, ReadOnlySpan<byte>>? onTileLevelNode = null)
    {
        _tree.OnTileLevelNode = onTileLevelNode;
        _checkpointSizes = [.. checkpointSizes.Distinct().Order()];
        _roots = new byte[_checkpointSizes.Length][];
        CaptureRoots();
    }

    /// <summary>
    /// Hashes and decodes <paramref name="count"/> frames, which become leaves from the current tree
    /// size onwards, and hashes their part of the tree.
    /// </summary>
    public void Hash(FileSegmentReader.Frame[] frames, int count)
    {
        _frames = frames;
        _blocks.Clear();
        var index = _tree.Size;
        var end = index + count;
        var cut = _nextRoot;
        while (index < end)
        {
            while (cut < _checkpointSizes.Length && _checkpointSizes[cut] <= index)
            {
                cut++;
            }

            var limit = cut < _checkpointSizes.Length ? Math.Min(end, _checkpointSizes[cut]) : end;
            var level = Math.Min(MaxBlockLevel, BitOperations.Log2((ulong)(limit - index)));
            if (index > 0)
            {
                // Aligned, so the block is a node of the tree and fits the frontier.
                level = Math.Min(level, BitOperations.TrailingZeroCount(index));
            }

            _blocks.Add(((int)(index - _tree.Size), level));
            index += 1L << level;
        }

        Parallel.For(
            0,
            _blocks.Count,
            Parallelism,
            () => _hashers.TryTake(out var hasher) ? hasher : new MerkleHasher(),
            (block, _, hasher) =>
            {
                HashBlock(block, hasher);
                return hasher;
            },
            _hashers.Add);
    }

    /// <summary>
    /// Starts the tree after entries that are not read (a pruned store's first entries), from the
    /// roots of the perfect subtrees they form, largest first. Checkpoint roots below that size are
    /// not captured.
    /// </summary>
    public void Seed(IEnumerable<(int Level, byte[] Root)> subtrees)
    {
        var report = _tree.OnTileLevelNode;
        _tree.OnTileLevelNode = null;
        foreach (var (level, root) in subtrees)
        {
            _tree.AppendSubtree(root, level);
        }

        _tree.OnTileLevelNode = report;
        while (_nextRoot < _checkpointSizes.Length && _checkpointSizes[_nextRoot] < _tree.Size)
        {
            _nextRoot++;
        }

        CaptureRoots();
    }

    /// <summary>Gets entry <paramref name="i"/>'s leaf hash, as computed.</summary>
    public ReadOnlySpan<byte> Leaf(int i) => _leaves.AsSpan(i * HashSize, HashSize);

    /// <summary>Gets whether entry <paramref name="i"/>'s computed leaf hash equals the stored one.</summary>
    public bool HashMatches(int i) => _hashMatches[i];

    /// <summary>Gets why entry <paramref name="i"/> is not a canonical entry, or null.</summary>
    public string? DecodeError(int i) => _decodeErrors[i];

    /// <summary>Adds the last hashed batch, all of whose entries verified, to the tree.</summary>
    public void AppendToTree()
    {
        for (var b = 0; b < _blocks.Count; b++)
        {
            _tree.AppendSubtree(_blockRoots.AsSpan(b * HashSize, HashSize), _blocks[b].Level);
            CaptureRoots();
        }
    }

    /// <summary>Gets the root at a checkpoint size that the tree has reached.</summary>
    public byte[] Root(long treeSize) => _roots[Array.BinarySearch(_checkpointSizes, treeSize)];

    /// <inheritdoc />
    public void Dispose()
    {
        while (_hashers.TryTake(out var hasher))
        {
            hasher.Dispose();
        }
    }

    private void CaptureRoots()
    {
        while (_nextRoot < _checkpointSizes.Length && _checkpointSizes[_nextRoot] == _tree.Size)
        {
            var root = new byte[HashSize];
            _tree.Root(root);
            _roots[_nextRoot++] = root;
        }
    }

    private void HashBlock(int block, MerkleHasher hasher)
    {
        var (start, level) = _blocks[block];
        var end = start + (1 << level);
        for (var i = start; i < end; i++)
        {
            var (data, storedHash) = _frames[i];
            var leaf = _leaves.AsSpan(i * HashSize, HashSize);
            hasher.Leaf(data.Span, leaf);

            // Both hashes are public, so no constant-time comparison is needed (FixedTimeEquals is
            // compiled without optimization and costs about a tenth of a leaf hash).
            _hashMatches[i] = leaf.SequenceEqual(storedHash.Span);
            try
            {
                AuditEntryCodec.Validate(data.Span);
                _decodeErrors[i] = null;
            }
            catch (AuditFormatException ex)
            {
                _decodeErrors[i] = ex.Message;
            }
        }

        MerkleFrontier.PerfectSubtreeRoot(
            hasher,
            _leaves.AsSpan(start * HashSize, (end - start) * HashSize),
            _scratch.AsSpan(start / 2 * HashSize),
            _blockRoots.AsSpan(block * HashSize, HashSize));
    }
}
