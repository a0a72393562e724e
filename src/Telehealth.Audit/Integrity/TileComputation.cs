namespace Telehealth.Audit;

/// <summary>Computes hash tiles from a store's leaf hashes, for stores that do not persist tiles.</summary>
internal static class TileComputation
{
    public static async ValueTask FromLeavesAsync(IAuditStore store, int level, long index, int width, Memory<byte> destination, CancellationToken cancellationToken)
    {
        CheckArguments(level, index, width, destination);
        var count = await store.GetCountAsync(cancellationToken).ConfigureAwait(false);
        if (width > TlogTiles.WidthAt(level, index, count))
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, "The tile is not that wide in the store's tree.");
        }

        if (level == 0)
        {
            var first = index * TlogTiles.Width;
            var filled = 0;
            await foreach (var entry in store.ReadAsync(first, cancellationToken).ConfigureAwait(false))
            {
                entry.StoredLeafHash.CopyTo(destination[(filled * MerkleHash.Size)..]);
                if (++filled == width)
                {
                    return;
                }
            }

            throw Errors.Format("the store holds fewer leaf hashes than its count.");
        }

        var child = new byte[TlogTiles.FullTileBytes];
        var scratch = new byte[TlogTiles.FullTileBytes / 2];
        using var hasher = new MerkleHasher();
        for (var i = 0; i < width; i++)
        {
            await FromLeavesAsync(store, level - 1, (index * TlogTiles.Width) + i, TlogTiles.Width, child, cancellationToken).ConfigureAwait(false);
            MerkleFrontier.PerfectSubtreeRoot(hasher, child, scratch, destination.Span.Slice(i * MerkleHash.Size, MerkleHash.Size));
        }
    }

    public static void CheckArguments(int level, long index, int width, Memory<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, TlogTiles.MaxLevel);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, TlogTiles.Width);
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, width * MerkleHash.Size, nameof(destination));
    }
}
