using System.Security.Cryptography;

namespace Telehealth.Audit;

/// <summary>
/// Standalone RFC 9162 proof verification (sections 2.1.3.2 and 2.1.4.2). It needs no log and no
/// database: only the hashes a log published. Every method returns <see langword="false"/> for a
/// malformed input instead of throwing.
/// </summary>
public static class MerkleProofs
{
    /// <summary>The size of every hash, in bytes (SHA-256).</summary>
    public const int HashSize = 32;

    /// <summary>Computes the RFC 9162 leaf hash SHA-256(0x00 || <paramref name="leafData"/>).</summary>
    /// <param name="leafData">The leaf's bytes (for this log, an entry's canonical bytes).</param>
    /// <returns>The 32-byte leaf hash.</returns>
    public static byte[] LeafHash(ReadOnlySpan<byte> leafData) => MerkleHash.Leaf(leafData);

    /// <summary>Computes the root hash of a tree from its leaf hashes in order.</summary>
    /// <param name="leafHashes">The leaf hashes.</param>
    /// <returns>The 32-byte root hash (SHA-256 of nothing for an empty tree).</returns>
    public static byte[] RootOf(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        var tree = new MerkleTree();
        foreach (var leaf in leafHashes)
        {
            if (leaf is null || leaf.Length != HashSize)
            {
                throw new ArgumentException("Every leaf hash must be 32 bytes.", nameof(leafHashes));
            }

            tree.Append(leaf);
        }

        return tree.Root(leafHashes.Count);
    }

    /// <summary>Verifies that <paramref name="leafHash"/> is leaf <paramref name="leafIndex"/> of the tree of <paramref name="treeSize"/> leaves with <paramref name="rootHash"/>.</summary>
    /// <param name="leafHash">The leaf hash.</param>
    /// <param name="leafIndex">The zero-based leaf index.</param>
    /// <param name="treeSize">The tree size.</param>
    /// <param name="proof">The inclusion path, leaf to root.</param>
    /// <param name="rootHash">The root hash of the tree.</param>
    /// <returns><see langword="true"/> when the proof holds.</returns>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long leafIndex, long treeSize, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> rootHash)
    {
        if (proof is null || leafHash.Length != HashSize || rootHash.Length != HashSize || leafIndex < 0 || leafIndex >= treeSize || !AllHashes(proof))
        {
            return false;
        }

        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, rootHash);
    }

    /// <summary>Verifies that the tree of <paramref name="firstSize"/> leaves is a prefix of the tree of <paramref name="secondSize"/> leaves.</summary>
    /// <param name="firstSize">The earlier tree size.</param>
    /// <param name="secondSize">The later tree size.</param>
    /// <param name="firstRoot">The root hash of the earlier tree.</param>
    /// <param name="secondRoot">The root hash of the later tree.</param>
    /// <param name="proof">The consistency proof.</param>
    /// <returns><see langword="true"/> when the proof holds.</returns>
    public static bool VerifyConsistency(long firstSize, long secondSize, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> proof)
    {
        if (proof is null || firstRoot.Length != HashSize || secondRoot.Length != HashSize || firstSize < 0 || secondSize < firstSize || !AllHashes(proof))
        {
            return false;
        }

        if (firstSize == secondSize)
        {
            return proof.Count == 0 && CryptographicOperations.FixedTimeEquals(firstRoot, secondRoot);
        }

        if (firstSize == 0)
        {
            return proof.Count == 0 && CryptographicOperations.FixedTimeEquals(firstRoot, MerkleHash.Empty());
        }

        if (proof.Count == 0)
        {
            return false;
        }

        var path = new List<byte[]>(proof.Count + 1);
        if ((firstSize & (firstSize - 1)) == 0)
        {
            path.Add(firstRoot.ToArray());
        }

        path.AddRange(proof);
        var fn = firstSize - 1;
        var sn = secondSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(fr, firstRoot) && CryptographicOperations.FixedTimeEquals(sr, secondRoot);
    }

    private static bool AllHashes(IReadOnlyList<byte[]> proof)
    {
        if (proof.Count > 64)
        {
            return false;
        }

        foreach (var hash in proof)
        {
            if (hash is null || hash.Length != HashSize)
            {
                return false;
            }
        }

        return true;
    }
}
