using System.Security.Cryptography;

namespace Telehealth.Audit.Tests.Integrity;

/// <summary>
/// Tile summaries (the level-4 nodes of each full level-0 tile) make a cold proof cheap and are never
/// trusted: proofs are the same with and without them, and a missing, stale or forged summary only costs
/// time and is replaced by the right one.
/// </summary>
public sealed class TileSummaryTests : IDisposable
{
    private const int Leaves = 66_000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Proofs_from_summarized_tiles_match_the_complete_tree()
    {
        var (reference, full) = Build();
        var summaries = new MemorySummaries();
        using (var hasher = new MerkleHasher())
        {
            foreach (var ((level, index), tile) in full.Where(t => t.Key.Item1 >= 0))
            {
                var summary = new byte[TileSummary.Bytes];
                TileSummary.Compute(hasher, tile, summary);
                summaries.Stored[(level, (long)index)] = summary;
            }
        }

        var tree = TreeOver(full, summaries);
        await AssertProofsMatchAsync(reference, tree);
        Assert.True(summaries.Reads > 0);
        Assert.Equal(0, summaries.Writes);
    }

    [Fact]
    public async Task A_missing_or_wrong_summary_is_not_used_and_is_replaced_by_the_right_one()
    {
        var (reference, full) = Build();
        var summaries = new MemorySummaries();
        foreach (var (level, index) in full.Keys.Where(k => k.Item1 >= 0))
        {
            switch (index % 3)
            {
                case 0:
                    break; // missing
                case 1:
                    summaries.Stored[(level, index)] = RandomNumberGenerator.GetBytes(TileSummary.Bytes); // garbage
                    break;
                default:
                    // A summary of another tile: well formed, wrong place.
                    var other = new byte[TileSummary.Bytes];
                    using (var hasher = new MerkleHasher())
                    {
                        TileSummary.Compute(hasher, full[(0, (index + 1) % 257)], other);
                    }

                    summaries.Stored[(level, index)] = other;
                    break;
            }
        }

        var tree = TreeOver(full, summaries);
        await AssertProofsMatchAsync(reference, tree);

        using var check = new MerkleHasher();
        foreach (var (key, stored) in summaries.Stored)
        {
            var expected = new byte[TileSummary.Bytes];
            TileSummary.Compute(check, full[key], expected);
            if (summaries.Replaced.Contains(key))
            {
                Assert.Equal(expected, stored);
            }
        }

        Assert.NotEmpty(summaries.Replaced);
        Assert.Contains((1, 0L), summaries.Replaced); // the level-1 tile, missing at first, is summarized too
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_file_store_writes_the_summary_of_every_full_tile()
    {
        await TestLog.WriteAsync(_dir.Path, 1000);
        var file = FileTileSummaries.PathOf(_dir.Path, 0);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(3 * TileSummary.Bytes, bytes.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        using var hasher = new MerkleHasher();
        for (var index = 0; index < 3; index++)
        {
            var tile = File.ReadAllBytes(Path.Combine(_dir.Path, TlogTiles.HashTilePath(0, index, TlogTiles.Width)));
            var expected = new byte[TileSummary.Bytes];
            TileSummary.Compute(hasher, tile, expected);
            Assert.Equal(expected, bytes.AsSpan(index * TileSummary.Bytes, TileSummary.Bytes).ToArray());
        }
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("zero")]
    [InlineData("truncate")]
    [InlineData("delete")]
    [InlineData("swap")]
    public async Task A_damaged_summaries_file_costs_only_time(string damage)
    {
        SignedCheckpoint checkpoint;
        var leaves = new List<byte[]>();
        await using (var host = new AuditHost(_dir))
        {
            for (var i = 0; i < 1000; i++)
            {
                await host.Log.AppendAsync(TestRecords.Read(i));
            }

            checkpoint = await host.Log.CheckpointAsync();
            await foreach (var entry in host.Store.ReadAsync(0))
            {
                leaves.Add(entry.StoredLeafHash.ToArray());
            }
        }

        var file = FileTileSummaries.PathOf(_dir.Path, 0);
        var intact = File.ReadAllBytes(file);
        var damaged = intact.ToArray();
        switch (damage)
        {
            case "flip":
                foreach (var offset in new[] { 0, 600, 1535 })
                {
                    damaged[offset] ^= 0x40;
                }

                File.WriteAllBytes(file, damaged);
                break;
            case "zero":
                File.WriteAllBytes(file, new byte[intact.Length]);
                break;
            case "truncate":
                File.WriteAllBytes(file, intact[..700]);
                break;
            case "delete":
                File.Delete(file);
                break;
            default:
                intact.AsSpan(0, TileSummary.Bytes).CopyTo(damaged.AsSpan(TileSummary.Bytes));
                intact.AsSpan(TileSummary.Bytes, TileSummary.Bytes).CopyTo(damaged);
                File.WriteAllBytes(file, damaged);
                break;
        }

        await using (var host = new AuditHost(_dir))
        {
            foreach (var sequence in new[] { 0, 17, 255, 256, 300, 511, 512, 767, 999 })
            {
                var proof = await host.Log.GetInclusionProofAsync(sequence, checkpoint.Checkpoint.TreeSize);
                Assert.True(proof.Verify(leaves[sequence], checkpoint.Checkpoint.RootHash.Span), $"{damage}: entry {sequence}");
            }
        }

        Assert.Equal(intact, File.ReadAllBytes(file));
    }

    private static (MerkleTree Reference, Dictionary<(int, long), byte[]> Full) Build()
    {
        var reference = new MerkleTree();
        var edge = new HashTileEdge();
        var full = new Dictionary<(int, long), byte[]>();
        for (long i = 0; i < Leaves; i++)
        {
            var leaf = SHA256.HashData(BitConverter.GetBytes(i));
            reference.Append(leaf);
            edge.Append(leaf, (level, index, tile) => full[(level, index)] = tile.ToArray());
        }

        full[(-1, 0)] = edge.PartialTile(0).ToArray();
        full[(-1, 1)] = edge.PartialTile(1).ToArray();
        full[(-1, 2)] = edge.PartialTile(2).ToArray();
        return (reference, full);
    }

    private static TileTree TreeOver(Dictionary<(int, long), byte[]> full, ITileSummaries summaries) =>
        new((level, index, width, destination, _) =>
        {
            var source = full.TryGetValue((level, index), out var tile) ? tile : full[(-1, level)];
            source.AsSpan(0, width * MerkleHash.Size).CopyTo(destination.Span);
            return ValueTask.CompletedTask;
        }, summaries: summaries);

    private static async Task AssertProofsMatchAsync(MerkleTree reference, TileTree tree)
    {
        var random = new Random(6962);
        foreach (var size in new long[] { 256, 257, 4096, 65_536, Leaves })
        {
            Assert.Equal(reference.Root(size), await tree.RootAsync(size, default));
            var leaves = new List<long> { 0, 15, 16, 255, size - 1 };
            leaves.AddRange(Enumerable.Range(0, 40).Select(_ => random.NextInt64(size)));
            foreach (var m in leaves)
            {
                Assert.Equal(reference.InclusionPath(m, size), await tree.InclusionPathAsync(m, size, default));
            }

            foreach (var earlier in new[] { 1, 17, size / 2, random.NextInt64(1, size + 1) })
            {
                Assert.Equal(reference.ConsistencyPath(earlier, size), await tree.ConsistencyPathAsync(earlier, size, default));
            }
        }
    }

    /// <summary>Summaries in memory, counting reads and remembering which ones were replaced.</summary>
    private sealed class MemorySummaries : ITileSummaries
    {
        public Dictionary<(int Level, long Index), byte[]> Stored { get; } = [];

        public HashSet<(int Level, long Index)> Replaced { get; } = [];

        public int Reads { get; private set; }

        public int Writes { get; private set; }

        public bool TryRead(int level, long tileIndex, Span<byte> destination)
        {
            lock (Stored)
            {
                Reads++;
                if (!Stored.TryGetValue((level, tileIndex), out var summary))
                {
                    return false;
                }

                summary.CopyTo(destination);
                return true;
            }
        }

        public void Write(int level, long tileIndex, ReadOnlySpan<byte> summary)
        {
            lock (Stored)
            {
                Writes++;
                Stored[(level, tileIndex)] = summary.ToArray();
                Replaced.Add((level, tileIndex));
            }
        }
    }
}
