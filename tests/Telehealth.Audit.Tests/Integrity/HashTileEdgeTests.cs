using System.Security.Cryptography;

namespace Telehealth.Audit.Tests.Integrity;

/// <summary>
/// The public right-edge builder stores use to persist C2SP tlog-tiles: the tiles it hands out and
/// keeps are those of the RFC 9162 tree computed independently with <see cref="MerkleProofs.RootOf"/>.
/// </summary>
public sealed class HashTileEdgeTests
{
    // One level-1 tile fills at 65,536 leaves; a few hundred more leave partial tiles on levels 0 to 2.
    private const int Leaves = 65_536 + 300;
    private static readonly byte[][] LeafHashes = [.. Enumerable.Range(0, Leaves).Select(i => SHA256.HashData(BitConverter.GetBytes(i)))];

    [Fact]
    public void Full_tiles_are_handed_out_once_lowest_level_first_with_the_hashes_of_the_tree()
    {
        var edge = new HashTileEdge();
        var full = new List<(int Level, long Index, byte[] Hashes)>();

        edge.Append(Concat(0, Leaves), (level, index, hashes) => full.Add((level, index, hashes.ToArray())));

        // 257 level-0 tiles, then the level-1 tile completed by the 65,536th leaf, right after the level-0 tile that completed it.
        Assert.Equal(258, full.Count);
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (0, (long)i)), full.Take(256).Select(t => (t.Level, t.Index)));
        Assert.Equal((1, 0L), (full[256].Level, full[256].Index));
        Assert.Equal((0, 256L), (full[257].Level, full[257].Index));
        foreach (var (level, index, hashes) in full)
        {
            Assert.Equal(ExpectedTile(level, index, HashTileEdge.TileWidth), hashes);
        }

        Assert.Equal(Leaves, edge.TreeSize);
        AssertEdgeOfTree(edge);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    public void An_edge_restored_from_its_partial_tiles_goes_on_as_the_original(int size)
    {
        var original = new HashTileEdge();
        original.Append(Concat(0, size), (_, _, _) => { });
        var asked = new List<(int Level, long Index, int Width)>();

        var restored = HashTileEdge.FromPartialTiles(size, (level, index, width) =>
        {
            asked.Add((level, index, width));
            return original.PartialTile(level).ToArray();
        });

        Assert.Equal(
            Enumerable.Range(0, HashTileEdge.MaxLevel + 1).Where(l => original.PartialWidth(l) > 0).Select(l => (l, original.PartialIndex(l), original.PartialWidth(l))),
            asked);
        var fromOriginal = new List<(int, long, string)>();
        var fromRestored = new List<(int, long, string)>();
        original.Append(Concat(size, Leaves), (level, index, hashes) => fromOriginal.Add((level, index, Hex.Of(hashes))));
        restored.Append(Concat(size, Leaves), (level, index, hashes) => fromRestored.Add((level, index, Hex.Of(hashes))));
        Assert.Equal(fromOriginal, fromRestored);
        AssertEdgeOfTree(restored);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(65_536)]
    [InlineData(65_836)]
    public void An_edge_restored_from_its_last_leaves_and_full_tiles_equals_the_original(int size)
    {
        var original = new HashTileEdge();
        var full = new Dictionary<(int, long), byte[]>();
        original.Append(Concat(0, size), (level, index, hashes) => full[(level, index)] = hashes.ToArray());

        var restored = HashTileEdge.FromFullTiles(size, Concat(size - (size % 256), size), (level, index) => full[(level, index)]);

        Assert.Equal(size, restored.TreeSize);
        for (var level = 0; level <= HashTileEdge.MaxLevel; level++)
        {
            Assert.Equal(original.PartialIndex(level), restored.PartialIndex(level));
            Assert.Equal(Hex.Of(original.PartialTile(level)), Hex.Of(restored.PartialTile(level)));
        }

        Assert.Throws<ArgumentException>("lastLeafHashes", () => HashTileEdge.FromFullTiles(size + 1, Concat(size - (size % 256), size), (level, index) => full[(level, index)]));
    }

    [Fact]
    public void Appending_leaf_by_leaf_or_at_once_gives_the_same_edge()
    {
        var byLeaf = new HashTileEdge();
        for (var i = 0; i < 1000; i++)
        {
            byLeaf.Append(LeafHashes[i], (_, _, _) => { });
        }

        var atOnce = new HashTileEdge();
        atOnce.Append(Concat(0, 1000), (_, _, _) => { });

        for (var level = 0; level <= HashTileEdge.MaxLevel; level++)
        {
            Assert.Equal(atOnce.PartialIndex(level), byLeaf.PartialIndex(level));
            Assert.Equal(atOnce.PartialTile(level).ToArray(), byLeaf.PartialTile(level).ToArray());
        }
    }

    [Fact]
    public void Invalid_arguments_are_refused_with_their_names()
    {
        var edge = new HashTileEdge();
        Assert.Throws<ArgumentException>("leafHashes", () => edge.Append(new byte[31], (_, _, _) => { }));
        Assert.Throws<ArgumentNullException>("onFullTile", () => edge.Append(new byte[32], null!));
        Assert.Throws<ArgumentOutOfRangeException>("level", () => edge.PartialWidth(-1));
        Assert.Throws<ArgumentOutOfRangeException>("level", () => edge.PartialIndex(HashTileEdge.MaxLevel + 1));
        Assert.Throws<ArgumentOutOfRangeException>("level", () => { _ = edge.PartialTile(8).Length; });
        Assert.Throws<ArgumentOutOfRangeException>("treeSize", () => HashTileEdge.FromPartialTiles(-1, (_, _, _) => Array.Empty<byte>()));
        Assert.Throws<ArgumentNullException>("readPartialTile", () => HashTileEdge.FromPartialTiles(1, null!));

        // A partial tile of the wrong length, as a damaged store could return it.
        Assert.Throws<ArgumentException>("readPartialTile", () => HashTileEdge.FromPartialTiles(300, (_, _, width) => new byte[(width * 32) + 1]));
        Assert.Throws<ArgumentException>("readPartialTile", () => HashTileEdge.FromPartialTiles(300, (_, _, width) => new byte[(width - 1) * 32]));
        Assert.Throws<ArgumentException>("readFullTile", () => HashTileEdge.FromFullTiles(300, new byte[44 * 32], (_, _) => new byte[(256 * 32) - 1]));
        Assert.Throws<ArgumentNullException>("readFullTile", () => HashTileEdge.FromFullTiles(300, new byte[44 * 32], null!));
        Assert.Equal(0, edge.TreeSize);
    }

    /// <summary>Checks every partial tile of the edge against the tree computed from the leaves.</summary>
    private static void AssertEdgeOfTree(HashTileEdge edge)
    {
        for (var level = 0; level <= HashTileEdge.MaxLevel; level++)
        {
            var levelSize = edge.TreeSize >> (8 * level);
            Assert.Equal(levelSize / 256, edge.PartialIndex(level));
            Assert.Equal((int)(levelSize % 256), edge.PartialWidth(level));
            Assert.Equal(ExpectedTile(level, edge.PartialIndex(level), edge.PartialWidth(level)), edge.PartialTile(level).ToArray());
        }
    }

    /// <summary>A level-0 tile holds leaf hashes; hash <c>i</c> of a higher tile is the root of the 256^L leaves below it, computed by <see cref="MerkleProofs.RootOf"/>.</summary>
    private static byte[] ExpectedTile(int level, long index, int width)
    {
        var first = (int)(index * 256);
        if (level == 0)
        {
            return Concat(first, first + width);
        }

        var span = 1 << (8 * level);
        return [.. Enumerable.Range(first, width).SelectMany(i => MerkleProofs.RootOf(LeafHashes[(i * span)..((i + 1) * span)]))];
    }

    private static byte[] Concat(int from, int to) => [.. LeafHashes[from..to].SelectMany(h => h)];
}
