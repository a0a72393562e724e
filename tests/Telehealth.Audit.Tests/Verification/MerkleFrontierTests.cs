namespace Telehealth.Audit.Tests.Verification;

/// <summary>The verifier's compact tree gives the same roots as <see cref="MerkleTree"/>, however its leaves arrive.</summary>
public sealed class MerkleFrontierTests
{
    [Fact]
    public void Leaf_by_leaf_roots_match_the_full_tree_at_every_size()
    {
        var leaves = Leaves(300);
        var tree = Tree(leaves);
        var frontier = new MerkleFrontier();
        var root = new byte[32];
        for (var size = 0; size <= leaves.Length; size++)
        {
            frontier.Root(root);
            Assert.Equal(tree.Root(size), root);
            if (size < leaves.Length)
            {
                frontier.AppendLeaf(leaves[size]);
            }
        }
    }

    [Fact]
    public void Aligned_subtrees_hashed_apart_give_the_same_roots_as_single_leaves()
    {
        var leaves = Leaves(5000);
        var tree = Tree(leaves);
        var random = new Random(9162);
        var frontier = new MerkleFrontier();
        using var hasher = new MerkleHasher();
        var root = new byte[32];
        while (frontier.Size < leaves.Length)
        {
            var size = frontier.Size;
            var maxLevel = size == 0 ? 12 : System.Numerics.BitOperations.TrailingZeroCount(size);
            var level = random.Next(0, Math.Min(maxLevel, System.Numerics.BitOperations.Log2((ulong)(leaves.Length - size))) + 1);
            var block = leaves.Skip((int)size).Take(1 << level).SelectMany(l => l).ToArray();
            var subtree = new byte[32];
            MerkleFrontier.PerfectSubtreeRoot(hasher, block, new byte[block.Length / 2], subtree);
            Assert.Equal(SubtreeRoot(leaves, size, 1 << level), subtree);

            frontier.AppendSubtree(subtree, level);
            frontier.Root(root);
            Assert.Equal(tree.Root(frontier.Size), root);
        }
    }

    [Fact]
    public void A_subtree_that_would_not_be_a_node_of_the_tree_is_refused()
    {
        var frontier = new MerkleFrontier();
        frontier.AppendLeaf(new byte[32]);
        Assert.Throws<ArgumentOutOfRangeException>("level", () => frontier.AppendSubtree(new byte[32], 1));
    }

    [Fact]
    public void The_reusable_hasher_matches_the_one_shot_hashes()
    {
        using var hasher = new MerkleHasher();
        var output = new byte[32];
        foreach (var length in new[] { 0, 1, 200, 1023, 1024, 5000 })
        {
            var data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
            hasher.Leaf(data, output);
            Assert.Equal(MerkleHash.Leaf(data), output);
        }

        var left = MerkleHash.Leaf([1]);
        var right = MerkleHash.Leaf([2]);
        hasher.Node(left, right, output);
        Assert.Equal(MerkleHash.Node(left, right), output);

        // The destination may be one of the inputs.
        hasher.Node(left, right, left);
        Assert.Equal(MerkleHash.Node(MerkleHash.Leaf([1]), right), left);
    }

    private static byte[][] Leaves(int count) =>
        Enumerable.Range(0, count).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i))).ToArray();

    private static MerkleTree Tree(byte[][] leaves)
    {
        var tree = new MerkleTree();
        foreach (var leaf in leaves)
        {
            tree.Append(leaf);
        }

        return tree;
    }

    private static byte[] SubtreeRoot(byte[][] leaves, long start, int count) =>
        MerkleProofs.RootOf(leaves.Skip((int)start).Take(count).ToList());
}
