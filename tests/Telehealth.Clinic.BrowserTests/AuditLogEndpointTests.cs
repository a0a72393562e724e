using System.Buffers.Binary;
using Telehealth.Audit;

namespace Telehealth.Clinic.BrowserTests;

/// <summary>The clinic host serves its audit log in the C2SP tlog-tiles layout, as a monitor would read it.</summary>
[Collection(ClinicHostGroup.Name)]
public sealed class AuditLogEndpointTests(ClinicFixture fixture)
{
    [Fact]
    public async Task A_monitor_rebuilds_the_signed_root_from_the_served_entry_bundles_and_tiles()
    {
        var server = fixture.Server;
        var log = server.GetRequiredService<IAuditLog>();
        for (var i = 0; i < 300; i++)
        {
            await log.AppendAsync(new AuditRecord
            {
                Actor = new AuditActor("svc-monitor-test", AuditActorType.Service),
                Action = "system.probe",
                Resource = new AuditResource("audit-log", "probe-" + i),
            });
        }

        await log.CheckpointAsync();
        using var client = fixture.Server.CreateClient();
        var note = await client.GetStringAsync("audit/log/checkpoint");
        var keys = ((AuditLog)log).VerifierKeys;
        var checkpoint = SignedCheckpoint.Parse(note);
        Assert.True(checkpoint.IsSignedByAny(keys));
        var size = checkpoint.Checkpoint.TreeSize;
        Assert.True(size >= 300);

        var leaves = new List<byte[]>();
        for (long tile = 0; tile * 256 < size; tile++)
        {
            var width = (int)Math.Min(256, size - (tile * 256));
            var path = "audit/log/" + TilePath("entries", tile, width);
            var bundle = await client.GetByteArrayAsync(path);
            for (var offset = 0; offset < bundle.Length;)
            {
                var length = BinaryPrimitives.ReadUInt16BigEndian(bundle.AsSpan(offset));
                leaves.Add(MerkleProofs.LeafHash(bundle.AsSpan(offset + 2, length)));
                offset += 2 + length;
            }

            var hashes = await client.GetByteArrayAsync("audit/log/" + TilePath("0", tile, width));
            Assert.Equal(leaves.Skip((int)tile * 256).SelectMany(l => l).ToArray(), hashes);
        }

        Assert.Equal(size, leaves.Count);
        Assert.Equal(checkpoint.Checkpoint.RootHash.ToArray(), MerkleProofs.RootOf(leaves));
    }

    [Theory]
    [InlineData("audit/log/tile/0/x000/000")]
    [InlineData("audit/log/tile/9/000")]
    [InlineData("audit/log/tile/0/1")]
    [InlineData("audit/log/tile/0/999")]
    [InlineData("audit/log/tile/entries/000.p/0")]
    [InlineData("audit/log/nothing")]
    public async Task Paths_outside_the_layout_or_past_the_checkpoint_are_404(string path)
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The tlog-tiles path of tile <paramref name="index"/>, written here independently of the library.</summary>
    private static string TilePath(string level, long index, int width)
    {
        var digits = index.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        var groups = new List<string>();
        for (var end = digits.Length; end > 0; end -= 3)
        {
            groups.Insert(0, digits[Math.Max(0, end - 3)..end].PadLeft(3, '0'));
        }

        var path = "tile/" + level + "/" + string.Join('/', groups.Take(groups.Count - 1).Select(g => "x" + g).Append(groups[^1]));
        return width == 256 ? path : path + ".p/" + width;
    }
}
