namespace Telehealth.Audit;

/// <summary>
/// Compares the hash tiles a store persists with the tree the verifier computes from the entries:
/// every full tile, every partial tile published with a signed checkpoint, and no tile past the end.
/// Fed leaf hashes and tile-level nodes in tree order; reports the first disagreement.
/// </summary>
internal sealed class TileChecker
{
    private readonly Func<int, long, int, byte[], ValueTask<TileFileState>> _read;
    private readonly byte[][] _partial = new byte[TlogTiles.MaxLevel + 1][];
    private readonly int[] _widths = new int[TlogTiles.MaxLevel + 1];
    private readonly long[] _indexes = new long[TlogTiles.MaxLevel + 1];
    private readonly byte[] _stored = new byte[TlogTiles.FullTileBytes];
    private readonly List<(int Level, long Index)> _completed = [];

    /// <param name="read">Reads a tile of a width from the store: its state and, when present, its hashes.</param>
    public TileChecker(Func<int, long, int, byte[], ValueTask<TileFileState>> read)
    {
        _read = read;
        for (var level = 0; level < _partial.Length; level++)
        {
            _partial[level] = new byte[TlogTiles.FullTileBytes];
        }
    }

    /// <summary>Gets how many tiles were compared.</summary>
    public long TilesChecked { get; private set; }

    /// <summary>
    /// Starts comparing at leaf <paramref name="size"/> (a multiple of 256, where a pruned store
    /// starts): the partial tiles above level 0 are taken from the store, as the tree before it is.
    /// </summary>
    public async ValueTask<(string Message, long Position)?> StartAtAsync(long size, Func<int, long, int, byte[], ValueTask<bool>> readPrefix)
    {
        for (var level = 0; level <= TlogTiles.MaxLevel; level++)
        {
            var hashes = TlogTiles.LevelSize(level, size);
            _indexes[level] = hashes / TlogTiles.Width;
            _widths[level] = (int)(hashes % TlogTiles.Width);
            if (_widths[level] > 0 && !await readPrefix(level, _indexes[level], _widths[level], _partial[level]).ConfigureAwait(false))
            {
                return ($"{TlogTiles.HashTilePath(level, _indexes[level], _widths[level])} is missing: the tree of the pruned entries cannot be read.", size);
            }
        }

        return null;
    }

    /// <summary>Adds a verified leaf hash (the next leaf).</summary>
    public void AddLeaf(ReadOnlySpan<byte> leaf) => Add(0, leaf);

    /// <summary>Adds a node of a tile level above 0 (from <see cref="MerkleFrontier.OnTileLevelNode"/>).</summary>
    public void AddNode(int treeLevel, long index, ReadOnlySpan<byte> hash)
    {
        var level = treeLevel / TlogTiles.Height;
        if (index != (_indexes[level] * TlogTiles.Width) + _widths[level])
        {
            throw new InvalidOperationException("Tile nodes must arrive in order.");
        }

        Add(level, hash);
    }

    /// <summary>Compares the tiles completed since the last call; returns what disagrees, or null.</summary>
    public async ValueTask<(string Message, long Position)?> CheckCompletedAsync()
    {
        foreach (var (level, index) in _completed)
        {
            if (await CompareAsync(level, index, TlogTiles.Width, _completedTiles[(level, index)]).ConfigureAwait(false) is { } failure)
            {
                return failure;
            }
        }

        _completed.Clear();
        _completedTiles.Clear();
        return null;
    }

    /// <summary>
    /// At the end of the log: compares the partial tiles published with checkpoints at
    /// <paramref name="checkpointSizes"/> and checks that no full tile lies past <paramref name="treeSize"/>.
    /// </summary>
    public async ValueTask<(string Message, long Position)?> FinishAsync(long treeSize, IEnumerable<long> checkpointSizes)
    {
        if (await CheckCompletedAsync().ConfigureAwait(false) is { } completed)
        {
            return completed;
        }

        foreach (var size in checkpointSizes.Where(s => s <= treeSize).Distinct())
        {
            for (var level = 0; level <= TlogTiles.MaxLevel; level++)
            {
                var index = TlogTiles.FullTiles(level, size);
                var width = TlogTiles.WidthAt(level, index, size);
                if (width is 0 or TlogTiles.Width)
                {
                    continue;
                }

                // The hashes of a partial tile are a prefix of the tile at the end of the log, full or partial.
                var source = index == _indexes[level] ? _partial[level] : await ReadFullAsync(level, index).ConfigureAwait(false);
                if (source is null)
                {
                    continue;
                }

                var state = await _read(level, index, width, _stored).ConfigureAwait(false);
                if (state == TileFileState.WrongLength || (state == TileFileState.Present && !_stored.AsSpan(0, width * MerkleHash.Size).SequenceEqual(source.AsSpan(0, width * MerkleHash.Size))))
                {
                    return ($"{TlogTiles.HashTilePath(level, index, width)}, published with the checkpoint of {size} entries, does not match the entries.", index << (TlogTiles.Height * (level + 1)));
                }
            }
        }

        for (var level = 0; level <= TlogTiles.MaxLevel; level++)
        {
            var beyond = TlogTiles.FullTiles(level, treeSize);
            if (await _read(level, beyond, TlogTiles.Width, _stored).ConfigureAwait(false) != TileFileState.Missing)
            {
                return ($"{TlogTiles.HashTilePath(level, beyond, TlogTiles.Width)} covers entries past the end of the log: entries were removed.", treeSize);
            }
        }

        return null;
    }

    private readonly Dictionary<(int Level, long Index), byte[]> _completedTiles = [];

    private void Add(int level, ReadOnlySpan<byte> hash)
    {
        hash.CopyTo(_partial[level].AsSpan(_widths[level] * MerkleHash.Size));
        if (++_widths[level] == TlogTiles.Width)
        {
            _completed.Add((level, _indexes[level]));
            _completedTiles[(level, _indexes[level])] = _partial[level].ToArray();
            _indexes[level]++;
            _widths[level] = 0;
        }
    }

    private async ValueTask<byte[]?> ReadFullAsync(int level, long index)
    {
        var tile = new byte[TlogTiles.FullTileBytes];
        return await _read(level, index, TlogTiles.Width, tile).ConfigureAwait(false) == TileFileState.Present ? tile : null;
    }

    private async ValueTask<(string Message, long Position)?> CompareAsync(int level, long index, int width, byte[] expected)
    {
        TilesChecked++;
        var position = index << (TlogTiles.Height * (level + 1));
        var path = TlogTiles.HashTilePath(level, index, width);
        return await _read(level, index, width, _stored).ConfigureAwait(false) switch
        {
            TileFileState.Missing => ($"{path} is missing.", position),
            TileFileState.WrongLength => ($"{path} has the wrong length.", position),
            _ when !_stored.AsSpan(0, width * MerkleHash.Size).SequenceEqual(expected.AsSpan(0, width * MerkleHash.Size)) =>
                ($"{path} does not match the entries: the entries or the tile were changed.", position),
            _ => null,
        };
    }
}
