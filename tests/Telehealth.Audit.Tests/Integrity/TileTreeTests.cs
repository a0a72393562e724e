using System.Security.Cryptography;

namespace Telehealth.Audit.Tests.Integrity;

/// <summary>
/// The tiled tree (right edge plus full tiles) gives the same roots and RFC 6962 proofs as the
/// complete in-memory tree at every size, across tile levels 0, 1 and 2; and tile paths follow C2SP tlog-tiles.
/// </summary>
public sealed class TileTreeTests
{
    [Fact]
    public async Task Roots_and_proofs_from_tiles_match_the_complete_tree_across_three_tile_levels()
    {
        const int Leaves = 66_000; // past 65,536: a level-2 tile exists
        var reference = new MerkleTree();
        var edge = new HashTileEdge();
        var full = new Dictionary<(int, long), byte[]>();
        var tree = new TileTree((level, index, width, destination, _) =>
        {
            var source = full.TryGetValue((level, index), out var tile) ? tile : edge.PartialTile(level)[..(width * 32)].ToArray();
            source.AsSpan(0, width * 32).CopyTo(destination.Span);
            return ValueTask.CompletedTask;
        });

        var checkedSizes = new HashSet<long> { 1, 2, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, Leaves };
        var random = new Random(6962);
        for (var i = 0; i < 40; i++)
        {
            checkedSizes.Add(random.Next(1, Leaves + 1));
        }

        for (long size = 1; size <= Leaves; size++)
        {
            var leaf = SHA256.HashData(BitConverter.GetBytes(size));
            reference.Append(leaf);
            edge.Append(leaf, (level, index, tile) => full[(level, index)] = tile.ToArray());
            if (!checkedSizes.Contains(size))
            {
                continue;
            }

            Assert.Equal(reference.Root(size), await tree.RootAsync(size, default));
            foreach (var m in new[] { 0, size - 1, random.NextInt64(size) })
            {
                Assert.Equal(reference.InclusionPath(m, size), await tree.InclusionPathAsync(m, size, default));
            }

            foreach (var earlier in new[] { 1, size / 2, random.NextInt64(1, size + 1), size })
            {
                Assert.Equal(reference.ConsistencyPath(earlier, size), await tree.ConsistencyPathAsync(earlier, size, default));
            }
        }

        Assert.True(full.ContainsKey((1, 0)));
        Assert.True(full.ContainsKey((0, 256)));
    }

    [Fact]
    public void A_restored_edge_equals_the_edge_that_was_built()
    {
        var built = new HashTileEdge();
        var full = new Dictionary<(int, long), byte[]>();
        var leaves = new List<byte[]>();
        for (var i = 0; i < 70_123; i++)
        {
            var leaf = SHA256.HashData(BitConverter.GetBytes(i));
            leaves.Add(leaf);
            built.Append(leaf, (level, index, tile) => full[(level, index)] = tile.ToArray());
        }

        var partial = leaves.Skip(70_123 - (70_123 % 256)).SelectMany(l => l).ToArray();
        var restored = HashTileEdge.FromFullTiles(70_123, partial, (level, index) => full[(level, index)]);
        for (var level = 0; level <= TlogTiles.MaxLevel; level++)
        {
            Assert.Equal(built.PartialWidth(level), restored.PartialWidth(level));
            Assert.Equal(built.PartialTile(level).ToArray(), restored.PartialTile(level).ToArray());
        }
    }

    [Theory]
    [InlineData(0, 1234067, 256, "tile/0/x001/x234/067")] // the example of the C2SP tlog-tiles specification
    [InlineData(0, 0, 256, "tile/0/000")]
    [InlineData(1, 0, 5, "tile/1/000.p/5")]
    [InlineData(2, 1000, 255, "tile/2/x001/000.p/255")]
    [InlineData(-1, 1234067, 8, "tile/entries/x001/x234/067.p/8")]
    public void Paths_follow_C2spTlogTiles(int level, long index, int width, string path)
    {
        Assert.Equal(path, level < 0 ? TlogTiles.EntryBundlePath(index, width) : TlogTiles.HashTilePath(level, index, width));
        Assert.True(TlogTiles.TryParse(path, out var parsedLevel, out var parsedIndex, out var parsedWidth));
        Assert.Equal((level, index, width), (parsedLevel, parsedIndex, parsedWidth));
    }

    [Theory]
    [InlineData("tile/0/x000/001")]
    [InlineData("tile/0/1")]
    [InlineData("tile/0/0001")]
    [InlineData("tile/0/x1/000")]
    [InlineData("tile/0/001/002")]
    [InlineData("tile/0/000.p/256")]
    [InlineData("tile/0/000.p/0")]
    [InlineData("tile/0/000.p/07")]
    [InlineData("tile/0/000.p/")]
    [InlineData("tile/8/000")]
    [InlineData("tile/00/000")]
    [InlineData("tile/entries")]
    [InlineData("tile//000")]
    [InlineData("../tile/0/000")]
    [InlineData("tile/0/x999/x999/x999/x999/x999/x999/x999/999")]
    [InlineData("tile/0/-01")]
    [InlineData("tile/0/+01")]
    [InlineData("tile/0/0x1")]
    public void Paths_outside_the_layout_are_refused(string path) =>
        Assert.False(TlogTiles.TryParse(path, out _, out _, out _));
}
