namespace Telehealth.Audit.Tests.Vectors;

/// <summary>
/// RFC 6962 / RFC 9162 Merkle tree known answers: the Certificate Transparency reference leaves
/// and roots (as published with the reference implementations' test data), plus exhaustive
/// generate-and-verify sweeps and mutated proofs.
/// </summary>
public sealed class Rfc6962MerkleTreeVectorsTests
{
    private static readonly string[] Leaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    private static readonly string[] Roots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    public static TheoryData<long, long, string[]> InclusionVectors => new()
    {
        { 0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
    };

    public static TheoryData<long, long, string[]> ConsistencyVectors => new()
    {
        { 2, 8, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
    };

    private static MerkleTree ReferenceTree()
    {
        var tree = new MerkleTree();
        foreach (var leaf in Leaves)
        {
            tree.Append(MerkleHash.Leaf(Hex.Bytes(leaf)));
        }

        return tree;
    }

    [Fact]
    public void Rfc6962_reference_roots_for_every_size_0_to_8()
    {
        var tree = ReferenceTree();
        for (var size = 0; size <= Leaves.Length; size++)
        {
            Assert.Equal(Roots[size], Hex.Of(tree.Root(size)));
        }
    }

    [Fact]
    public void Rfc6962_RootOf_matches_reference_root()
    {
        var leafHashes = Leaves.Select(l => MerkleProofs.LeafHash(Hex.Bytes(l))).ToList();
        Assert.Equal(Roots[8], Hex.Of(MerkleProofs.RootOf(leafHashes)));
    }

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public void Rfc6962_inclusion_proof_vectors(long index, long size, string[] expected)
    {
        var tree = ReferenceTree();
        var proof = tree.InclusionPath(index, size);
        Assert.Equal(expected, proof.Select(h => Hex.Of(h)));
        Assert.True(MerkleProofs.VerifyInclusion(tree.LeafHash(index), index, size, proof, Hex.Bytes(Roots[size])));
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public void Rfc6962_consistency_proof_vectors(long first, long second, string[] expected)
    {
        var tree = ReferenceTree();
        var proof = tree.ConsistencyPath(first, second);
        Assert.Equal(expected, proof.Select(h => Hex.Of(h)));
        Assert.True(MerkleProofs.VerifyConsistency(first, second, Hex.Bytes(Roots[first]), Hex.Bytes(Roots[second]), proof));
    }

    [Fact]
    public void Every_inclusion_proof_up_to_64_leaves_verifies_and_mutations_fail()
    {
        var (tree, roots) = Synthetic(64);
        for (long n = 1; n <= 64; n++)
        {
            for (long i = 0; i < n; i++)
            {
                var proof = tree.InclusionPath(i, n);
                var leaf = tree.LeafHash(i);
                Assert.True(MerkleProofs.VerifyInclusion(leaf, i, n, proof, roots[n]), $"{i}/{n}");
                Assert.True(proof.Count <= Math.Ceiling(Math.Log2(n)));
                if (n > 1)
                {
                    Assert.False(MerkleProofs.VerifyInclusion(leaf, (i + 1) % n, n, proof, roots[n]));
                }

                if (proof.Count > 0)
                {
                    var flipped = proof.Select(h => (byte[])h.Clone()).ToList();
                    flipped[^1][7] ^= 1;
                    Assert.False(MerkleProofs.VerifyInclusion(leaf, i, n, flipped, roots[n]));
                    Assert.False(MerkleProofs.VerifyInclusion(leaf, i, n, proof.Take(proof.Count - 1).ToList(), roots[n]));
                    Assert.False(MerkleProofs.VerifyInclusion(leaf, i, n, [.. proof, new byte[32]], roots[n]));
                }
            }
        }
    }

    [Fact]
    public void Every_consistency_proof_up_to_64_leaves_verifies_and_mutations_fail()
    {
        var (tree, roots) = Synthetic(64);
        for (long second = 0; second <= 64; second++)
        {
            for (long first = 0; first <= second; first++)
            {
                var proof = tree.ConsistencyPath(first, second);
                Assert.True(MerkleProofs.VerifyConsistency(first, second, roots[first], roots[second], proof), $"{first}->{second}");
                if (proof.Count > 0)
                {
                    var flipped = proof.Select(h => (byte[])h.Clone()).ToList();
                    flipped[0][3] ^= 0x80;
                    Assert.False(MerkleProofs.VerifyConsistency(first, second, roots[first], roots[second], flipped));
                    Assert.False(MerkleProofs.VerifyConsistency(first, second, roots[first], roots[second], proof.Take(proof.Count - 1).ToList()));
                    Assert.False(MerkleProofs.VerifyConsistency(first, second, roots[first], roots[second], [.. proof, new byte[32]]));
                }
            }
        }
    }

    [Fact]
    public void Malformed_proof_inputs_return_false_instead_of_throwing()
    {
        var tree = ReferenceTree();
        var proof = tree.InclusionPath(5, 8);
        var root = Hex.Bytes(Roots[8]);
        var leaf = tree.LeafHash(5);
        Assert.False(MerkleProofs.VerifyInclusion(new byte[31], 5, 8, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, 8, proof, new byte[31]));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, 8, [new byte[31], .. proof.Skip(1)], root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 8, 8, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, -1, 8, proof, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, 8, null!, root));
        Assert.False(MerkleProofs.VerifyInclusion(leaf, 5, 8, Enumerable.Repeat(new byte[32], 65).ToList(), root));
        Assert.False(MerkleProofs.VerifyConsistency(8, 6, root, Hex.Bytes(Roots[6]), tree.ConsistencyPath(6, 8)));
        Assert.False(MerkleProofs.VerifyConsistency(6, 8, Hex.Bytes(Roots[6]), root, []));
        Assert.True(MerkleProofs.VerifyConsistency(0, 8, Hex.Bytes(Roots[0]), root, []));
        Assert.False(MerkleProofs.VerifyConsistency(0, 8, Hex.Bytes(Roots[1]), root, []));
        Assert.True(MerkleProofs.VerifyConsistency(4, 4, Hex.Bytes(Roots[4]), Hex.Bytes(Roots[4]), []));
        Assert.False(MerkleProofs.VerifyConsistency(4, 4, Hex.Bytes(Roots[4]), Hex.Bytes(Roots[5]), []));
        Assert.Throws<ArgumentOutOfRangeException>("leafIndex", () => tree.InclusionPath(8, 8));
        Assert.Throws<ArgumentOutOfRangeException>("treeSize", () => tree.InclusionPath(0, 9));
        Assert.Throws<ArgumentOutOfRangeException>("firstSize", () => tree.ConsistencyPath(5, 3));
    }

    [Fact]
    public void Split_point_is_the_largest_power_of_two_below_n()
    {
        Assert.Equal(1, MerkleTree.LargestPowerOfTwoBelow(2));
        Assert.Equal(2, MerkleTree.LargestPowerOfTwoBelow(3));
        Assert.Equal(4, MerkleTree.LargestPowerOfTwoBelow(5));
        Assert.Equal(4, MerkleTree.LargestPowerOfTwoBelow(8));
        Assert.Equal(512, MerkleTree.LargestPowerOfTwoBelow(1000));
        Assert.Equal(1L << 39, MerkleTree.LargestPowerOfTwoBelow(1L << 40));
    }

    private static (MerkleTree Tree, byte[][] Roots) Synthetic(int size)
    {
        var tree = new MerkleTree();
        for (var i = 0; i < size; i++)
        {
            tree.Append(MerkleHash.Leaf([(byte)i, (byte)(i * 7)]));
        }

        var roots = Enumerable.Range(0, size + 1).Select(n => tree.Root(n)).ToArray();
        return (tree, roots);
    }
}
