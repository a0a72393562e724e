using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Telehealth.Audit;

/// <summary>
/// The embedded audit store: append-only segment files in one directory, written by a group-commit
/// writer (many records per fsync), and the Merkle tree persisted beside them as C2SP tlog-tiles
/// hash tiles, so opening reads the tree's right edge instead of every entry. An append completes
/// only once its record is durable. Opening judges before it repairs: only a final frame that is
/// provably a torn write is cut, and any other damage refuses the open without modifying a byte
/// (<see cref="AuditErrorCodes.StoreDamaged"/>). One process owns a store at a time (a lock file); a
/// second opener gets <see cref="AuditErrorCodes.StoreLocked"/>.
/// </summary>
public sealed partial class FileAuditStore : IAuditStore
{
    private const string LockFileName = "audit.lock";
    private readonly FileAuditStoreOptions _options;
    private readonly ILogger _logger;
    private readonly FileStream _lock;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
    private readonly List<(long FirstSequence, string Path)> _segments;
    private readonly FileTiles _tiles;
    private readonly FileTileSummaries _summaries;
    private readonly HashTileEdge _edge;
    private readonly Dictionary<(int Level, long Index), byte[]> _unwrittenTiles = [];
    private readonly Lock _treeLock = new();
    private readonly Lock _tileWriteLock = new();
    private readonly HeadFile _head;
    private readonly Task _writer;
    private Task _tileWrites = Task.CompletedTask;
    private int _tileWriteScheduled;
    private FileStream _segment;
    private long _count;
    private byte[] _lastHash;
    private string? _latestCheckpoint;
    private AuditPruneMark? _pruned;
    private byte[] _frameBuffer = new byte[64 * 1024];
    private AuditStoreException? _stopped;
    private int _disposed;

    private FileAuditStore(FileAuditStoreOptions options, ILogger logger, FileStream lockFile, RecoveredStore state)
    {
        _options = options;
        _logger = logger;
        _lock = lockFile;
        _segments = state.Segments;
        _count = state.Count;
        _lastHash = state.LastHash;
        _edge = state.Edge;
        _latestCheckpoint = state.LatestCheckpoint;
        _pruned = state.Pruned;
        _tiles = new FileTiles(options.Directory);
        _summaries = new FileTileSummaries(options.Directory);
        _segment = OpenForAppend(_segments[^1].Path);
        _head = HeadFile.Open(options.Directory);
        _head.Write(_count, _lastHash);
        _writer = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Gets the directory of the store.</summary>
    public string Directory => _options.Directory;

    /// <summary>Gets the summaries of the store's full tiles, which make proofs through tiles not in memory cheap.</summary>
    internal ITileSummaries TileSummaries => _summaries;

    /// <summary>
    /// Opens the store in <see cref="FileAuditStoreOptions.Directory"/>, creating it if needed and
    /// recovering from a crash. Opening reads the last segment, the newest checkpoint and the right
    /// edge of the persisted tree, whatever the size of the log; it checks the last segment entry by
    /// entry, the tree against the newest signed checkpoint, and that nothing the checkpoints or the
    /// tree record is missing. Damage in older segments is found by <see cref="AuditVerifier"/>.
    /// </summary>
    /// <param name="options">The store options.</param>
    /// <param name="logger">A logger, or <see langword="null"/> for none.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="AuditStoreException">Another owner holds the store (TH1020), or its durable contents are damaged (TH1021, nothing modified).</exception>
    public static FileAuditStore Open(FileAuditStoreOptions options, ILogger<FileAuditStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new FileAuditStoreOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(nameof(FileAuditStoreOptions), typeof(FileAuditStoreOptions), validation.Failures);
        }

        var log = (ILogger?)logger ?? NullLogger.Instance;
        var directory = Path.GetFullPath(options.Directory);
        OwnerOnlyFiles.CreateDirectory(directory);
        FileStream lockFile;
        try
        {
            lockFile = OwnerOnlyFiles.Open(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw Errors.Locked(options.Directory, ex);
        }

        try
        {
            var resolved = new FileAuditStoreOptions { Directory = directory, SegmentMaxBytes = options.SegmentMaxBytes, MaxBatchSize = options.MaxBatchSize };
            return new FileAuditStore(resolved, log, lockFile, FileStoreRecovery.Run(directory, log));
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Opens the store as <see cref="Open"/> does, without blocking the calling thread on the recovery scan.</summary>
    /// <param name="options">The store options.</param>
    /// <param name="logger">A logger, or <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels before the open starts.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="AuditStoreException">Another owner holds the store, or its durable contents are damaged.</exception>
    public static Task<FileAuditStore> OpenAsync(FileAuditStoreOptions options, ILogger<FileAuditStore>? logger = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Open(options, logger), cancellationToken);

    /// <inheritdoc />
    public ValueTask<AuditAppendResult> AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (Volatile.Read(ref _stopped) is { } stopped)
        {
            throw stopped;
        }

        // Encoding (the costly, order-free part) runs here on the caller's thread, and a record that
        // cannot be encoded fails alone instead of failing its whole batch.
        var pending = new PendingAppend(AuditEntryCodec.EncodeUnchained(record));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw Volatile.Read(ref _stopped) ?? Errors.Closed();
        }

        return new ValueTask<AuditAppendResult>(cancellationToken.CanBeCanceled ? pending.Completion.Task.WaitAsync(cancellationToken) : pending.Completion.Task);
    }

    /// <inheritdoc />
    public ValueTask<long> GetCountAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Volatile.Read(ref _count));

    /// <inheritdoc />
    /// <exception cref="AuditStoreException"><paramref name="fromSequence"/> lies before the first retained entry of a pruned store (<see cref="AuditErrorCodes.EntriesPruned"/>).</exception>
    public IAsyncEnumerable<AuditStoredEntry> ReadAsync(long fromSequence, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        long end;
        (long, string)[] segments;
        lock (_segments)
        {
            if (_pruned is { } pruned && fromSequence < pruned.FirstRetained)
            {
                throw Errors.Pruned(fromSequence, pruned.FirstRetained);
            }

            end = Volatile.Read(ref _count);
            segments = [.. _segments];
        }

        return FileSegmentReader.ReadAsync(segments, fromSequence, end, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask ReadTileAsync(int level, long index, int width, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        TileComputation.CheckArguments(level, index, width, destination);
        lock (_treeLock)
        {
            var size = _edge.TreeSize;
            if (width > TlogTiles.WidthAt(level, index, size))
            {
                throw new ArgumentOutOfRangeException(nameof(width), width, "The tile is not that wide in the store's tree.");
            }

            if (_unwrittenTiles.TryGetValue((level, index), out var unwritten))
            {
                unwritten.AsSpan(0, width * MerkleHash.Size).CopyTo(destination.Span);
                return ValueTask.CompletedTask;
            }

            if (index == TlogTiles.FullTiles(level, size))
            {
                _edge.PartialTile(level)[..(width * MerkleHash.Size)].CopyTo(destination.Span);
                return ValueTask.CompletedTask;
            }
        }

        var tile = width == TlogTiles.Width ? destination : new byte[TlogTiles.FullTileBytes];
        if (_tiles.TryRead(level, index, TlogTiles.Width, tile.Span) != TileFileState.Present)
        {
            throw Errors.TileDamaged(TlogTiles.HashTilePath(level, index, TlogTiles.Width), index << (TlogTiles.Height * (level + 1)));
        }

        if (width != TlogTiles.Width)
        {
            tile.Span[..(width * MerkleHash.Size)].CopyTo(destination.Span);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Durably stores a signed checkpoint: first the partial tiles at its tree size and every tile
    /// written since the last checkpoint are made durable, then the checkpoint is appended to
    /// <c>checkpoints.log</c>, then it replaces the <c>checkpoint</c> file. So every tile a stored
    /// checkpoint covers is on disk before the checkpoint is.
    /// </summary>
    /// <param name="checkpoint">The checkpoint, of a tree size the store holds.</param>
    /// <param name="cancellationToken">A cancellation token.</param>
    /// <returns>A task that completes when the checkpoint is durable.</returns>
    public async ValueTask AppendCheckpointAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var size = checkpoint.Checkpoint.TreeSize;
        if (size > Volatile.Read(ref _count))
        {
            throw new ArgumentOutOfRangeException(nameof(checkpoint), "The checkpoint covers more entries than the store holds.");
        }

        await _checkpointGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WriteUnwrittenTiles();
            for (var level = 0; level <= TlogTiles.MaxLevel; level++)
            {
                var index = TlogTiles.FullTiles(level, size);
                var width = TlogTiles.WidthAt(level, index, size);
                if (width is > 0 and < TlogTiles.Width)
                {
                    var hashes = new byte[width * MerkleHash.Size];
                    await ReadTileAsync(level, index, width, hashes, cancellationToken).ConfigureAwait(false);
                    _tiles.Write(level, index, width, hashes);
                }
            }

            _tiles.SyncWritten();
            CheckpointFiles.Append(_options.Directory, checkpoint.Note);
            CheckpointFiles.WriteLatest(_options.Directory, checkpoint.Note);
            Volatile.Write(ref _latestCheckpoint, checkpoint.Note);
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadCheckpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var note in await Task.Run(() => CheckpointFiles.ReadAll(_options.Directory), cancellationToken).ConfigureAwait(false))
        {
            yield return note;
        }
    }

    /// <inheritdoc />
    public ValueTask<AuditPruneMark?> GetPruneMarkAsync(CancellationToken cancellationToken = default)
    {
        lock (_segments)
        {
            return ValueTask.FromResult(_pruned);
        }
    }

    /// <inheritdoc />
    /// <remarks>The file store removes whole segments: the boundary is the first sequence of a segment.</remarks>
    public ValueTask<long> GetPruneBoundaryAsync(long upTo, CancellationToken cancellationToken = default)
    {
        lock (_segments)
        {
            return ValueTask.FromResult(_segments.Where(s => s.FirstSequence <= upTo).Select(s => s.FirstSequence).DefaultIfEmpty(0).Max());
        }
    }

    /// <inheritdoc />
    public async ValueTask PruneAsync(AuditPruneMark mark, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mark);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _checkpointGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var signedUpTo = _latestCheckpoint is { } note ? SignedCheckpoint.Parse(note).Checkpoint.TreeSize : 0;
            List<(long FirstSequence, string Path)> removed;
            lock (_segments)
            {
                var blockers = new List<string>();
                var current = _pruned?.FirstRetained ?? 0;
                if (mark.FirstRetained <= current)
                {
                    blockers.Add($"the store already starts at entry {current}");
                }

                if (!_segments.Any(s => s.FirstSequence == mark.FirstRetained))
                {
                    blockers.Add($"entry {mark.FirstRetained} does not start a segment (segments start at {string.Join(", ", _segments.Select(s => s.FirstSequence))})");
                }

                if (mark.FirstRetained > signedUpTo)
                {
                    blockers.Add($"the newest signed checkpoint covers only {signedUpTo} entries");
                }

                if (mark.AuthorizingSequence < mark.FirstRetained || mark.AuthorizingSequence >= signedUpTo)
                {
                    blockers.Add($"the authorizing record {mark.AuthorizingSequence} is not a retained entry covered by a signed checkpoint");
                }

                if (blockers.Count > 0)
                {
                    throw Errors.PruneRefused(blockers);
                }

                removed = _segments.Where(s => s.FirstSequence < mark.FirstRetained).ToList();
            }

            PruneFile.Write(_options.Directory, mark);
            lock (_segments)
            {
                _segments.RemoveAll(removed.Contains);
                _pruned = mark;
            }

            foreach (var (_, path) in removed)
            {
                File.Delete(path);
            }

            DirectorySync.Flush(_options.Directory);
            LogPruned(_logger, removed.Count, mark.FirstRetained);
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask<string?> ReadLatestCheckpointAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Volatile.Read(ref _latestCheckpoint));

    /// <summary>Stops accepting appends, writes every queued record, and releases the files and the lock.</summary>
    /// <returns>A task that completes when the store is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        try
        {
            // The background tile writes finish first; what they left is written here.
            await Volatile.Read(ref _tileWrites).ConfigureAwait(false);
            WriteUnwrittenTiles();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogTilesNotWritten(_logger, ex);
        }
        finally
        {
            // Whatever happened to the tiles (they are rebuilt from the entries on the next open), the
            // files and the lock are released.
            await _segment.DisposeAsync().ConfigureAwait(false);
            _summaries.Dispose();
            _head.Dispose();
            await _lock.DisposeAsync().ConfigureAwait(false);
            _checkpointGate.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => "FileAuditStore";

    internal static void CreateSegmentFile(string path, long firstSequence)
    {
        using (var stream = OwnerOnlyFiles.Open(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1))
        {
            stream.Write(FileSegmentFormat.Header(firstSequence));
            stream.Flush(flushToDisk: true);
        }

        DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }

    private static FileStream OpenForAppend(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    /// <summary>Writes the full tiles the writer could not write yet (they are served from memory meanwhile).</summary>
    private void WriteUnwrittenTiles()
    {
        lock (_tileWriteLock)
        {
            KeyValuePair<(int Level, long Index), byte[]>[] tiles;
            lock (_treeLock)
            {
                tiles = [.. _unwrittenTiles];
            }

            using var hasher = new MerkleHasher();
            Span<byte> summary = stackalloc byte[TileSummary.Bytes];
            foreach (var ((level, index), hashes) in tiles)
            {
                _tiles.Write(level, index, TlogTiles.Width, hashes);
                TileSummary.Compute(hasher, hashes, summary);
                _summaries.Write(level, index, summary);

                lock (_treeLock)
                {
                    _unwrittenTiles.Remove((level, index));
                }
            }
        }
    }

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Audit store pruned: {Segments} archived segments removed; the store now starts at entry {FirstRetained}.")]
    private static partial void LogPruned(ILogger logger, int segments, long firstRetained);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "Writing tiles of the audit tree failed; they are kept in memory and written again before the next checkpoint.")]
    private static partial void LogTilesNotWritten(ILogger logger, Exception exception);
}
