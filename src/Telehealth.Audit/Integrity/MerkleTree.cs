namespace Telehealth.Audit;

/// <summary>
/// An append-only RFC 9162 Merkle tree that keeps the hash of every complete, aligned subtree, so
/// roots and proofs for any earlier tree size take O(log n) hash look-ups and few new hashes.
/// Thread-safe: appends and reads may run concurrently.
/// </summary>
internal sealed class MerkleTree
{
    private readonly List<HashList> _levels = [new HashList()];
    private readonly Lock _lock = new();

    public long Size
    {
        get
        {
            lock (_lock)
            {
                return _levels[0].Count;
            }
        }
    }

    public void Append(ReadOnlySpan<byte> leafHash)
    {
        lock (_lock)
        {
            _levels[0].Add(leafHash);
            var index = _levels[0].Count - 1;
            Span<byte> parent = stackalloc byte[MerkleHash.Size];
            for (var level = 0; (index & 1) == 1; level++, index >>= 1)
            {
                MerkleHash.Node(_levels[level][index - 1], _levels[level][index], parent);
                if (_levels.Count == level + 1)
                {
                    _levels.Add(new HashList());
                }

                _levels[level + 1].Add(parent);
            }
        }
    }

    public byte[] LeafHash(long index)
    {
        lock (_lock)
        {
            CheckRange(index, 0, _levels[0].Count - 1, nameof(index));
            return _levels[0][index].ToArray();
        }
    }

    public byte[] Root(long treeSize)
    {
        lock (_lock)
        {
            CheckRange(treeSize, 0, _levels[0].Count, nameof(treeSize));
            return treeSize == 0 ? MerkleHash.Empty() : SubtreeHash(0, treeSize);
        }
    }

    /// <summary>PATH(m, D[n]) of RFC 6962 section 2.1.1, leaf-to-root order.</summary>
    public IReadOnlyList<byte[]> InclusionPath(long leafIndex, long treeSize)
    {
        lock (_lock)
        {
            CheckRange(treeSize, 1, _levels[0].Count, nameof(treeSize));
            CheckRange(leafIndex, 0, treeSize - 1, nameof(leafIndex));
            var path = new List<byte[]>();
            Path(leafIndex, 0, treeSize, path);
            return path;
        }
    }

    /// <summary>PROOF(m, D[n]) of RFC 6962 section 2.1.2.</summary>
    public IReadOnlyList<byte[]> ConsistencyPath(long firstSize, long secondSize)
    {
        lock (_lock)
        {
            CheckRange(secondSize, 0, _levels[0].Count, nameof(secondSize));
            CheckRange(firstSize, 0, secondSize, nameof(firstSize));
            var path = new List<byte[]>();
            if (firstSize > 0 && firstSize < secondSize)
            {
                SubProof(firstSize, 0, secondSize, true, path);
            }

            return path;
        }
    }

    private void Path(long m, long start, long end, List<byte[]> path)
    {
        var n = end - start;
        if (n <= 1)
        {
            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            Path(m, start, start + k, path);
            path.Add(SubtreeHash(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, path);
            path.Add(SubtreeHash(start, start + k));
        }
    }

    private void SubProof(long m, long start, long end, bool completeSubtree, List<byte[]> path)
    {
        var n = end - start;
        if (m == n)
        {
            if (!completeSubtree)
            {
                path.Add(SubtreeHash(start, end));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, completeSubtree, path);
            path.Add(SubtreeHash(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, false, path);
            path.Add(SubtreeHash(start, start + k));
        }
    }

    private byte[] SubtreeHash(long start, long end)
    {
        var n = end - start;
        if ((n & (n - 1)) == 0)
        {
            var level = System.Numerics.BitOperations.Log2((ulong)n);
            return _levels[level][start >> level].ToArray();
        }

        var k = LargestPowerOfTwoBelow(n);
        return MerkleHash.Node(SubtreeHash(start, start + k), SubtreeHash(start + k, end));
    }

    internal static long LargestPowerOfTwoBelow(long n) => 1L << System.Numerics.BitOperations.Log2((ulong)(n - 1));

    private static void CheckRange(long value, long min, long max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be between {min} and {max}.");
        }
    }
}
