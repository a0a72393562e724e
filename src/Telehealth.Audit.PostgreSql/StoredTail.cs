using Npgsql;

namespace Telehealth.Audit.PostgreSql;

/// <summary>
/// The end of the log as one transaction reads it under the log's advisory lock, in one round trip:
/// the last entry, the last tile of every level, and the leaf hashes from the first entry of the
/// last level-0 tile on. It is judged before anything is written: the tiles must describe a tree no
/// larger than the entries, agree with each other, and end with the very leaves the entries hold.
/// The tree edge is then restored from the partial tiles and extended with the leaves the tiles do
/// not cover yet (entries written before tiles existed), so the caller can append after it.
/// </summary>
internal sealed class StoredTail
{
    private static readonly byte[] EmptyLogHash = new byte[MerkleProofs.HashSize];

    private StoredTail(long count, byte[] lastLeafHash, HashTileEdge edge, long tiledSize, int uncovered)
    {
        Count = count;
        LastLeafHash = lastLeafHash;
        Edge = edge;
        TiledSize = tiledSize;
        Uncovered = uncovered;
    }

    /// <summary>Gets the number of entries, which is also the next sequence number.</summary>
    public long Count { get; }

    /// <summary>Gets the leaf hash of the last entry, or 32 zero bytes for an empty log.</summary>
    public byte[] LastLeafHash { get; }

    /// <summary>Gets the edge of the tree the stored tiles describe, extended by the leaves read that they did not cover.</summary>
    public HashTileEdge Edge { get; }

    /// <summary>Gets how many entries the stored tiles covered before the extension.</summary>
    public long TiledSize { get; }

    /// <summary>Gets how many leaves were added to <see cref="Edge"/>.</summary>
    public int Uncovered { get; }

    /// <summary>Gets whether <see cref="Edge"/> reaches the last entry, so records can be appended after it.</summary>
    public bool ReachesEnd => Edge.TreeSize == Count;

    /// <summary>
    /// Takes the log's advisory lock (held until the transaction ends) and reads and judges its end.
    /// At most <paramref name="catchUpLimit"/> uncovered leaves are added to the edge.
    /// </summary>
    /// <exception cref="AuditStoreException">The end of the log is damaged (TH1044, TH1046, TH1047, TH1048).</exception>
    public static async Task<StoredTail> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PostgreSqlAuditSql sql, int catchUpLimit, TileWrites writes, CancellationToken cancellationToken)
    {
        // Separate statements in one round trip: under READ COMMITTED each takes its snapshot after
        // the lock is granted, so they see the last batch any node committed.
        long count = 0;
        var lastLeafHash = EmptyLogHash;
        var lastTiles = new List<(int Level, long Index, byte[] Hashes)>();
        (long Count, long First, long Last, byte[] Hashes) leaves;
        using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.Lock));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.Tail));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql.LastTiles));
            var leavesCommand = new NpgsqlBatchCommand(sql.LastTileLeaves);
            leavesCommand.Parameters.Add(new NpgsqlParameter<int>("limit", HashTileEdge.TileWidth + catchUpLimit));
            batch.BatchCommands.Add(leavesCommand);
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                count = reader.GetInt64(0) + 1;
                lastLeafHash = reader.GetFieldValue<byte[]>(1);
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                lastTiles.Add((reader.GetInt16(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(2)));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            leaves = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3));
        }

        return Judge(count, lastLeafHash, lastTiles, leaves, catchUpLimit, writes);
    }

    /// <summary>
    /// Judges what <see cref="ReadAsync"/> read (the leaves as one run: how many rows, the first and
    /// last sequence, the hashes concatenated), then restores and extends the edge.
    /// </summary>
    private static StoredTail Judge(long count, byte[] lastLeafHash, List<(int Level, long Index, byte[] Hashes)> lastTiles, (long Count, long First, long Last, byte[] Hashes) leaves, int catchUpLimit, TileWrites writes)
    {
        if (lastLeafHash.Length != MerkleProofs.HashSize)
        {
            throw Errors.DamagedTail();
        }

        var last = new (long Index, byte[] Hashes)?[HashTileEdge.MaxLevel + 1];
        foreach (var (level, index, hashes) in lastTiles)
        {
            if (hashes.Length is < MerkleProofs.HashSize or > PostgreSqlAuditSql.FullTileBytes || hashes.Length % MerkleProofs.HashSize != 0)
            {
                throw Errors.TileMalformed(level, index);
            }

            last[level] = (index, hashes);
        }

        // Level 0 holds the leaves, so its last tile says how many entries the tiles cover.
        long firstOfLastTile = 0, tiledSize = 0;
        if (last[0] is { } lastLeafTile)
        {
            if (lastLeafTile.Index > count / HashTileEdge.TileWidth)
            {
                throw Errors.TilesPastEnd(count);
            }

            firstOfLastTile = lastLeafTile.Index * HashTileEdge.TileWidth;
            tiledSize = firstOfLastTile + (lastLeafTile.Hashes.Length / MerkleProofs.HashSize);
        }

        if (tiledSize > count)
        {
            throw Errors.TilesPastEnd(count);
        }

        // The leaves read must be every entry from the first of the last level-0 tile on (up to the limit).
        var expected = Math.Min(count - firstOfLastTile, HashTileEdge.TileWidth + (long)catchUpLimit);
        if (leaves.Count != expected || (expected > 0 && (leaves.First != firstOfLastTile || leaves.Last != firstOfLastTile + expected - 1)))
        {
            throw Errors.SequenceGap(firstOfLastTile, firstOfLastTile + expected);
        }

        if (leaves.Hashes.Length != expected * MerkleProofs.HashSize)
        {
            throw Errors.DamagedTail();
        }

        var covered = (int)(tiledSize - firstOfLastTile);
        var mismatch = leaves.Hashes.AsSpan(0, covered * MerkleProofs.HashSize).CommonPrefixLength(last[0] is { } tile0 ? tile0.Hashes : []);
        if (mismatch < covered * MerkleProofs.HashSize)
        {
            throw Errors.TilesDisagree(0, last[0]!.Value.Index, $"holds a different leaf hash for entry {firstOfLastTile + (mismatch / MerkleProofs.HashSize)} than the entry");
        }

        var edge = HashTileEdge.FromPartialTiles(tiledSize, (level, index, width) =>
            last[level] is { } tile && tile.Index == index && tile.Hashes.Length == width * MerkleProofs.HashSize
                ? tile.Hashes
                : throw Errors.TilesDisagree(level, index, $"is not the partial tile of {width} hashes a tree of {tiledSize} leaves ends with"));
        for (var level = 1; level <= HashTileEdge.MaxLevel; level++)
        {
            if (edge.PartialWidth(level) > 0)
            {
                continue;
            }

            // No partial tile here: the last tile must be the last full one, or there is none.
            var lastFull = edge.PartialIndex(level) - 1;
            var fits = last[level] is { } tile
                ? tile.Index == lastFull && tile.Hashes.Length == PostgreSqlAuditSql.FullTileBytes
                : lastFull < 0;
            if (!fits)
            {
                throw Errors.TilesDisagree(level, last[level]?.Index ?? lastFull, $"does not fit a tree of {tiledSize} leaves");
            }
        }

        writes.Start(edge);
        var uncovered = (int)Math.Min(expected - covered, catchUpLimit);
        edge.Append(leaves.Hashes.AsSpan(covered * MerkleProofs.HashSize, uncovered * MerkleProofs.HashSize), writes.AddFull);
        return new StoredTail(count, lastLeafHash, edge, tiledSize, uncovered);
    }
}
