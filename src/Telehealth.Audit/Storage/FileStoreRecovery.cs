using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Telehealth.Audit;

/// <summary>
/// Opening a file store after a clean stop or a crash. Everything is first read and judged without
/// modifying a byte: the last segment frame by frame (hash, sequence, chain and the persisted tree),
/// both copies of the newest signed checkpoint, the tiles at the tree's right edge and the root
/// they give at the checkpoint's size. Only when all of it is consistent are repairs made, and
/// only these: cutting a final frame that is provably a torn write (its bytes end before the frame
/// does) past every signed checkpoint, rewriting a segment header torn while it was created,
/// cutting a torn final frame off <c>checkpoints.log</c>, writing tiles that are missing or torn,
/// and refreshing the <c>checkpoint</c> file from <c>checkpoints.log</c>. Any other damage refuses
/// the open with <see cref="AuditErrorCodes.StoreDamaged"/>, naming the file and position.
/// </summary>
internal sealed partial class FileStoreRecovery : IDisposable
{
    private const int ReadBufferSize = 4 << 20;
    private readonly string _directory;
    private readonly ILogger _logger;
    private readonly FileTiles _tiles;
    private readonly MerkleHasher _hasher = new();
    private readonly List<Action> _repairs = [];
    private const string StagingPrefix = ".tile-rebuild-";
    private readonly HashSet<(int Level, long Index)> _staged = [];
    private FileTiles? _staging;
    private List<(long FirstSequence, string Path)> _segments = [];
    private byte[] _partialLeaves = [];
    private long _count;
    private byte[] _lastHash = new byte[MerkleHash.Size];

    private FileStoreRecovery(string directory, ILogger logger)
    {
        _directory = directory;
        _logger = logger;
        _tiles = new FileTiles(directory);
    }

    /// <summary>Judges the store in <paramref name="directory"/> and, when it may open, makes the repairs it needs.</summary>
    /// <exception cref="AuditStoreException">The store is damaged; nothing was modified.</exception>
    public static RecoveredStore Run(string directory, ILogger logger)
    {
        using var recovery = new FileStoreRecovery(directory, logger);
        RecoveredStore state;
        try
        {
            state = recovery.Judge();
        }
        catch
        {
            // Tiles rebuilt while judging went to a staging directory of this open's own; nothing else was written.
            recovery.DeleteStaging();
            throw;
        }

        foreach (var repair in recovery._repairs)
        {
            repair();
        }

        recovery.DeleteStaging();
        foreach (var leftOver in Directory.EnumerateDirectories(directory, StagingPrefix + "*"))
        {
            Directory.Delete(leftOver, recursive: true);
        }

        return state;
    }

    /// <inheritdoc />
    public void Dispose() => _hasher.Dispose();

    private RecoveredStore Judge()
    {
        _segments = [.. FileSegmentReader.ListSegments(_directory)];
        string? latestFile;
        try
        {
            latestFile = CheckpointFiles.ReadLatest(_directory);
        }
        catch (AuditFormatException ex)
        {
            throw Errors.Damaged(CheckpointFiles.LatestFileName, null, ex.Message);
        }

        var checkpointLog = CheckpointFiles.ScanForOpen(_directory, latestFile);

        if (_segments.Count == 0)
        {
            if (checkpointLog.Exists || latestFile is not null || _tiles.Any() || File.Exists(Path.Combine(_directory, PruneFile.FileName)))
            {
                throw Errors.Damaged(null, 0, "the directory holds checkpoints or tiles but no segment file: the entries were removed.");
            }

            var first = Path.Combine(_directory, FileSegmentFormat.FileName(0));
            _repairs.Add(() => FileAuditStore.CreateSegmentFile(first, 0));
            return new RecoveredStore([(0, first)], 0, new byte[MerkleHash.Size], new HashTileEdge(), null, null);
        }

        AuditPruneMark? pruned;
        try
        {
            pruned = PruneFile.Read(_directory);
        }
        catch (AuditFormatException ex)
        {
            throw Errors.Damaged(PruneFile.FileName, null, ex.Message);
        }

        var firstRetained = pruned?.FirstRetained ?? 0;
        var leftOver = _segments.Where(s => s.FirstSequence < firstRetained).ToList();
        if (leftOver.Count > 0)
        {
            // A prune stopped between its mark and its deletions: it was decided and signed, so it is finished.
            _segments.RemoveAll(leftOver.Contains);
            _repairs.Add(() =>
            {
                leftOver.ForEach(s => File.Delete(s.Path));
                DirectorySync.Flush(_directory);
            });
        }

        if (_segments.Count == 0 || _segments[0].FirstSequence != firstRetained)
        {
            var first = _segments.Count == 0 ? long.MaxValue : _segments[0].FirstSequence;
            throw Errors.Damaged(_segments.Count == 0 ? null : Path.GetFileName(_segments[0].Path), firstRetained, pruned is null
                ? $"the first segment starts at entry {first}: the entries before it were removed."
                : $"the store was pruned to start at entry {firstRetained}, but its first segment starts at {first}.");
        }

        ScanLastSegment();
        JudgeHead();
        var latest = JudgeCheckpoints(checkpointLog, latestFile);
        JudgeTiles(latest);
        return new RecoveredStore(_segments, _count, _lastHash, RestoreEdge(), latest?.Note, pruned);
    }

    /// <summary>Scans the last segment; a final frame whose bytes end early is the only thing that may be cut.</summary>
    private void ScanLastSegment()
    {
        var (first, path) = _segments[^1];
        var name = Path.GetFileName(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var length = stream.Length;
        var expectedHeader = FileSegmentFormat.Header(first);
        var header = new byte[Math.Min(length, FileSegmentFormat.HeaderSize)];
        stream.ReadExactly(header);
        if (length < FileSegmentFormat.HeaderSize)
        {
            if (!expectedHeader.AsSpan(0, header.Length).SequenceEqual(header))
            {
                throw Errors.Damaged(name, first, "the segment is shorter than its header and is not a header torn while it was written.");
            }

            // A crash while the segment was being created: its header is rewritten.
            _repairs.Add(() =>
            {
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1))
                {
                    file.Write(expectedHeader);
                    file.Flush(flushToDisk: true);
                }

                LogHeaderRewritten(_logger, name);
            });
        }
        else if (!header.AsSpan().SequenceEqual(expectedHeader))
        {
            throw Errors.Damaged(name, first, "the segment header does not match its file name.");
        }

        var leaves = new List<byte[]>();
        var buffer = new byte[ReadBufferSize];
        int start = 0, end = 0;
        long offset = header.Length;
        var sequence = first;
        var tile = new byte[TlogTiles.FullTileBytes];
        var tileIndex = -1L;
        var tileState = TileFileState.Missing;
        var computed = new byte[MerkleHash.Size];
        try
        {
            while (offset < length)
            {
                // Keep the whole next frame (or what is left of the file) in the buffer.
                if (end - start < Math.Min(FileSegmentFormat.FrameOverhead + AuditEntryCodec.MaxEntrySize, length - offset))
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                    int read;
                    while (end < buffer.Length && (read = stream.Read(buffer, end, buffer.Length - end)) > 0)
                    {
                        end += read;
                    }
                }

                var rest = buffer.AsSpan(start, end - start);
                if (rest.Length < 4)
                {
                    Torn(offset, rest.Length);
                    break;
                }

                var size = BinaryPrimitives.ReadInt32BigEndian(rest);
                if (size <= 0 || size > AuditEntryCodec.MaxEntrySize)
                {
                    throw Errors.Damaged(name, sequence, $"the frame of entry {sequence} (at byte {offset}) has an invalid length.");
                }

                if (rest.Length < FileSegmentFormat.FrameOverhead + size)
                {
                    Torn(offset, rest.Length);
                    break;
                }

                var data = rest.Slice(4, size);
                var stored = rest.Slice(4 + size, MerkleHash.Size);
                _hasher.Leaf(data, computed);
                if (!computed.AsSpan().SequenceEqual(stored))
                {
                    throw Errors.Damaged(name, sequence, $"entry {sequence} (at byte {offset}) does not match the hash stored with it.");
                }

                if (FileSegmentFormat.SequenceOf(data) != sequence)
                {
                    throw Errors.Damaged(name, sequence, $"the frame at byte {offset}, where entry {sequence} belongs, holds entry {FileSegmentFormat.SequenceOf(data)}.");
                }

                if (sequence > first && data.Length >= 9 + MerkleHash.Size && !data.Slice(9, MerkleHash.Size).SequenceEqual(leaves[^1]))
                {
                    throw Errors.Damaged(name, sequence, $"entry {sequence} does not chain to the entry before it.");
                }

                // The persisted tree must hold the same leaf.
                if (sequence / TlogTiles.Width != tileIndex)
                {
                    tileIndex = sequence / TlogTiles.Width;
                    tileState = _tiles.TryRead(0, tileIndex, TlogTiles.Width, tile);
                }

                if (tileState == TileFileState.Present && !tile.AsSpan((int)(sequence % TlogTiles.Width) * MerkleHash.Size, MerkleHash.Size).SequenceEqual(stored))
                {
                    throw Errors.Damaged(name, sequence, $"entry {sequence} differs from the leaf the persisted tree holds for it.");
                }

                leaves.Add(computed.ToArray());
                if (leaves.Count > 2 * TlogTiles.Width)
                {
                    leaves.RemoveRange(0, TlogTiles.Width);
                }

                start += FileSegmentFormat.FrameOverhead + size;
                offset += FileSegmentFormat.FrameOverhead + size;
                sequence++;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }

        _count = sequence;
        var blockStart = _count - (_count % TlogTiles.Width);
        var earlier = new List<byte[]>();
        if (first > 0)
        {
            // The leaves before this segment that the chain and the right edge need.
            var from = Math.Min(blockStart, first - 1);
            var (present, previous) = (TileFileState.Missing, new byte[TlogTiles.FullTileBytes]);
            if (from == first - 1 && first % TlogTiles.Width == 0)
            {
                present = _tiles.TryRead(0, (first / TlogTiles.Width) - 1, TlogTiles.Width, previous);
            }

            earlier = present == TileFileState.Present
                ? [previous[^MerkleHash.Size..]]
                : ReadStoredLeaves(from, first);
            if (leaves.Count > 0 && !FirstFrameChainsTo(earlier[^1]))
            {
                throw Errors.Damaged(name, first, $"entry {first}, the first of its segment, does not chain to the last entry of the segment before.");
            }
        }

        var all = earlier.Concat(leaves).ToList();
        _lastHash = _count == 0 ? new byte[MerkleHash.Size] : all[^1];
        var partialCount = (int)(_count - blockStart);
        _partialLeaves = [.. all.Skip(all.Count - partialCount).SelectMany(l => l)];

        void Torn(long at, int bytes)
        {
            var cut = at;
            _repairs.Add(() =>
            {
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1))
                {
                    file.SetLength(cut);
                    file.Flush(flushToDisk: true);
                }

                LogTornTail(_logger, bytes, name, sequence);
            });
        }

        bool FirstFrameChainsTo(byte[] previousLeaf)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            var frameStart = new byte[4 + 9 + MerkleHash.Size];
            file.Position = FileSegmentFormat.HeaderSize;
            file.ReadExactly(frameStart);
            return frameStart.AsSpan(4 + 9, MerkleHash.Size).SequenceEqual(previousLeaf);
        }
    }

    /// <summary>
    /// Reads the stored leaf hashes of entries [<paramref name="from"/>, <paramref name="to"/>), which
    /// lie before the end the scan of the last segment found.
    /// </summary>
    private List<byte[]> ReadStoredLeaves(long from, long to)
    {
        var leaves = new List<byte[]>();
        try
        {
            var frames = new FileSegmentReader.Frame[1024];
            var expected = from;
            foreach (var batch in FileSegmentReader.ReadBatchesAsync(_segments, from, to, frames, CancellationToken.None).ToBlockingEnumerable())
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    leaves.Add(frames[i].StoredLeafHash.ToArray());
                    expected++;
                }
            }

            if (expected != to)
            {
                throw Errors.Damaged(null, expected, $"the segments hold entries up to {expected} only, where {to} were expected: a segment ends early or is missing.");
            }
        }
        catch (AuditFormatException ex)
        {
            throw Errors.Damaged(null, ex.Position ?? from, ex.Message);
        }

        return leaves;
    }

    /// <summary>The head records what the store acknowledged: a cut may never take that away.</summary>
    private void JudgeHead()
    {
        (long Count, byte[] LastHash)? head;
        try
        {
            head = HeadFile.Read(_directory);
        }
        catch (AuditFormatException ex)
        {
            throw Errors.Damaged(HeadFile.FileName, null, ex.Message);
        }

        if (head is not { } acknowledged)
        {
            return;
        }

        if (acknowledged.Count > _count)
        {
            throw Errors.Damaged(Path.GetFileName(_segments[^1].Path), _count, $"the store acknowledged {acknowledged.Count} entries but only {_count} are intact: acknowledged entries were lost, which no crash explains.");
        }

        if (acknowledged.Count == _count && _count > 0 && !acknowledged.LastHash.AsSpan().SequenceEqual(_lastHash))
        {
            throw Errors.Damaged(Path.GetFileName(_segments[^1].Path), _count - 1, $"entry {_count - 1} is not the entry the store acknowledged last.");
        }
    }

    /// <summary>Compares both copies of the newest signed checkpoint and the entries they cover; returns the newest.</summary>
    private SignedCheckpoint? JudgeCheckpoints(CheckpointLogScan log, string? latestFile)
    {
        if (log.Damage is { } damage)
        {
            throw Errors.Damaged(CheckpointFiles.LogFileName, null, damage);
        }

        if (latestFile is not null && !log.Exists)
        {
            throw Errors.Damaged(CheckpointFiles.LogFileName, null, "checkpoints.log is missing although the log has signed checkpoints (the checkpoint file holds one).");
        }

        var fromLog = log.LastNote is null ? null : SignedCheckpoint.Parse(log.LastNote);
        var fromFile = latestFile is null ? null : SignedCheckpoint.Parse(latestFile);
        if (fromFile is not null && (fromLog is null || fromFile.Checkpoint.TreeSize > fromLog.Checkpoint.TreeSize))
        {
            throw Errors.Damaged(CheckpointFiles.LogFileName, fromFile.Checkpoint.TreeSize, $"the checkpoint file holds a signed checkpoint of {fromFile.Checkpoint.TreeSize} entries that checkpoints.log does not: checkpoints were removed.");
        }

        if (fromFile is not null && fromLog is not null && fromFile.Checkpoint.TreeSize == fromLog.Checkpoint.TreeSize
            && !fromFile.Checkpoint.RootHash.Span.SequenceEqual(fromLog.Checkpoint.RootHash.Span))
        {
            throw Errors.Damaged(CheckpointFiles.LatestFileName, fromFile.Checkpoint.TreeSize, "the checkpoint file and checkpoints.log hold different roots for the same tree size.");
        }

        if (log.TornBytes > 0)
        {
            var intact = log.IntactLength;
            _repairs.Add(() =>
            {
                CheckpointFiles.CutTornTail(_directory, intact);
                LogTornTail(_logger, log.TornBytes, CheckpointFiles.LogFileName, log.Count);
            });
        }

        if (fromFile is not null && fromLog is not null && fromFile.Checkpoint.TreeSize == fromLog.Checkpoint.TreeSize && latestFile != log.LastNote)
        {
            throw Errors.Damaged(CheckpointFiles.LatestFileName, fromFile.Checkpoint.TreeSize, "the checkpoint file differs from the same checkpoint in checkpoints.log.");
        }

        if (fromLog is not null && (fromFile is null || fromFile.Checkpoint.TreeSize < fromLog.Checkpoint.TreeSize))
        {
            // Written after checkpoints.log, so a crash between the two leaves it behind: it is refreshed.
            var note = log.LastNote!;
            _repairs.Add(() => CheckpointFiles.WriteLatest(_directory, note));
        }

        if (log.LargestSize > _count)
        {
            throw Errors.Damaged(Path.GetFileName(_segments[^1].Path), _count, $"a signed checkpoint covers {log.LargestSize} entries but only {_count} are intact.");
        }

        return fromLog;
    }

    /// <summary>
    /// Finds tiles missing or torn at the right edge (a crash, or a store from before tiles) and
    /// rebuilds them in memory from the stored leaves; refuses tiles that describe a longer log; and
    /// checks the root the tiles give at the newest checkpoint's size.
    /// </summary>
    private void JudgeTiles(SignedCheckpoint? latest)
    {
        var buffer = new byte[TlogTiles.FullTileBytes];
        for (var level = 0; level <= TlogTiles.MaxLevel; level++)
        {
            var full = TlogTiles.FullTiles(level, _count);
            if (_tiles.TryRead(level, full, TlogTiles.Width, buffer) != TileFileState.Missing)
            {
                throw Errors.Damaged(Path.GetRelativePath(_directory, _tiles.PathOf(level, full, TlogTiles.Width)), full * (1L << (TlogTiles.Height * (level + 1))), "a tile exists for entries past the end of the log: entries were removed.");
            }

            var missingFrom = full;
            while (missingFrom > 0 && _tiles.TryRead(level, missingFrom - 1, TlogTiles.Width, buffer) != TileFileState.Present)
            {
                missingFrom--;
            }

            RebuildTiles(level, missingFrom, full);
        }

        if (_staged.Count > 0)
        {
            var tiles = _staged.OrderBy(t => t.Level).ThenBy(t => t.Index).ToList();
            _repairs.Add(() =>
            {
                foreach (var (level, index) in tiles)
                {
                    _tiles.MoveIn(level, index, _staging!.PathOf(level, index, TlogTiles.Width));
                }

                _tiles.SyncWritten();
                LogTilesRebuilt(_logger, tiles.Count);
            });
        }

        if (latest is null)
        {
            return;
        }

        var edge = RestoreEdge();
        void ReadTile(int level, long index, int width, Span<byte> destination)
        {
            if (index < TlogTiles.FullTiles(level, _count))
            {
                ReadFullTile(level, index).AsSpan(0, width * MerkleHash.Size).CopyTo(destination);
            }
            else
            {
                edge.PartialTile(level)[..(width * MerkleHash.Size)].CopyTo(destination);
            }
        }

        var tree = new TileTree((level, index, width, destination, _) =>
        {
            ReadTile(level, index, width, destination.Span);
            return ValueTask.CompletedTask;
        });
        var size = latest.Checkpoint.TreeSize;
        var root = tree.RootAsync(size, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        if (!CryptographicOperations.FixedTimeEquals(root, latest.Checkpoint.RootHash.Span))
        {
            throw Errors.Damaged(null, size, $"the stored tree does not hash to the root of the newest signed checkpoint ({size} entries): history it covers was rewritten.");
        }

        // The partial tiles published with that checkpoint must agree with it too.
        for (var level = 0; level <= TlogTiles.MaxLevel; level++)
        {
            var index = TlogTiles.FullTiles(level, size);
            var width = TlogTiles.WidthAt(level, index, size);
            if (width is 0 or TlogTiles.Width)
            {
                continue;
            }

            var expected = new byte[width * MerkleHash.Size];
            ReadTile(level, index, width, expected);
            var state = _tiles.TryRead(level, index, width, buffer);
            if (state == TileFileState.Present && !buffer.AsSpan(0, expected.Length).SequenceEqual(expected))
            {
                throw Errors.Damaged(Path.GetRelativePath(_directory, _tiles.PathOf(level, index, width)), size, "a partial tile published with the newest checkpoint does not match the stored tree.");
            }

            if (state != TileFileState.Present)
            {
                var (l, i, w) = (level, index, width);
                _repairs.Add(() =>
                {
                    _tiles.Write(l, i, w, expected);
                    _tiles.SyncWritten();
                });
            }
        }
    }

    /// <summary>
    /// Rebuilds full tiles [<paramref name="from"/>, <paramref name="to"/>) of a level into a staging
    /// directory: level 0 from the stored leaf hashes in one pass, higher levels from the tiles below.
    /// </summary>
    private void RebuildTiles(int level, long from, long to)
    {
        if (from >= to)
        {
            return;
        }

        _staging ??= new FileTiles(Path.Combine(_directory, StagingPrefix + Guid.NewGuid().ToString("N")));
        var tile = new byte[TlogTiles.FullTileBytes];
        if (level == 0)
        {
            var index = from;
            var filled = 0;
            try
            {
                var frames = new FileSegmentReader.Frame[1024];
                foreach (var batch in FileSegmentReader.ReadBatchesAsync(_segments, from * TlogTiles.Width, to * TlogTiles.Width, frames, CancellationToken.None).ToBlockingEnumerable())
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        frames[i].StoredLeafHash.Span.CopyTo(tile.AsSpan(filled++ * MerkleHash.Size));
                        if (filled == TlogTiles.Width)
                        {
                            Stage(0, index++, tile);
                            filled = 0;
                        }
                    }
                }
            }
            catch (AuditFormatException ex)
            {
                throw Errors.Damaged(null, ex.Position ?? index * TlogTiles.Width, ex.Message);
            }

            if (index != to)
            {
                throw Errors.Damaged(null, index * TlogTiles.Width, $"the segments hold fewer entries than the {to * TlogTiles.Width} the tiles need: a segment ends early or is missing.");
            }

            return;
        }

        var scratch = new byte[TlogTiles.FullTileBytes / 2];
        for (var index = from; index < to; index++)
        {
            for (var i = 0; i < TlogTiles.Width; i++)
            {
                MerkleFrontier.PerfectSubtreeRoot(_hasher, ReadFullTile(level - 1, (index * TlogTiles.Width) + i), scratch, tile.AsSpan(i * MerkleHash.Size, MerkleHash.Size));
            }

            Stage(level, index, tile);
        }
    }

    private void Stage(int level, long index, byte[] hashes)
    {
        _staging!.Write(level, index, TlogTiles.Width, hashes);
        _staged.Add((level, index));
    }

    private void DeleteStaging()
    {
        if (_staging is not null && Directory.Exists(_staging.Root))
        {
            Directory.Delete(_staging.Root, recursive: true);
        }
    }

    private byte[] ReadFullTile(int level, long index)
    {
        var tile = new byte[TlogTiles.FullTileBytes];
        var source = _staged.Contains((level, index)) ? _staging! : _tiles;
        return source.TryRead(level, index, TlogTiles.Width, tile) == TileFileState.Present
            ? tile
            : throw Errors.Damaged(Path.GetRelativePath(_directory, _tiles.PathOf(level, index, TlogTiles.Width)), index << (TlogTiles.Height * (level + 1)), "a tile of the stored tree is missing or torn.");
    }

    private HashTileEdge RestoreEdge() => HashTileEdge.FromFullTiles(_count, _partialLeaves, (level, index) => ReadFullTile(level, index));

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Audit store recovery cut {Bytes} bytes of an unacknowledged, incomplete write from the end of {File}; {Count} entries are intact.")]
    private static partial void LogTornTail(ILogger logger, long bytes, string file, long count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Audit store recovery rewrote the header of {Segment}, torn while the segment was created.")]
    private static partial void LogHeaderRewritten(ILogger logger, string segment);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Audit store recovery wrote {Count} tiles of the stored tree that were missing or torn.")]
    private static partial void LogTilesRebuilt(ILogger logger, int count);
}

/// <summary>The state a store opens with.</summary>
internal sealed record RecoveredStore(List<(long FirstSequence, string Path)> Segments, long Count, byte[] LastHash, HashTileEdge Edge, string? LatestCheckpoint, AuditPruneMark? Pruned);
