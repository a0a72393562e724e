using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Telehealth.Audit;

/// <summary>
/// The embedded audit store: append-only segment files in one directory, written by a group-commit
/// writer (many records per fsync). An append completes only once its record is durable. On open,
/// a torn tail left by a crash is cut back to the last complete record; acknowledged records are
/// never lost. One process owns a store at a time (a lock file); a second opener gets
/// <see cref="AuditStoreException"/> with code TH1020.
/// </summary>
public sealed partial class FileAuditStore : IAuditStore
{
    private const string LockFileName = "audit.lock";
    private const string CheckpointFileName = "checkpoints.log";
    private readonly FileAuditStoreOptions _options;
    private readonly ILogger _logger;
    private readonly FileStream _lock;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
    private readonly List<(long FirstSequence, string Path)> _segments;
    private readonly Task _writer;
    private FileStream _segment;
    private long _count;
    private byte[] _lastHash;
    private byte[] _frameBuffer = new byte[64 * 1024];
    private int _disposed;

    private FileAuditStore(FileAuditStoreOptions options, ILogger logger, FileStream lockFile, List<(long, string)> segments, long count, byte[] lastHash)
    {
        _options = options;
        _logger = logger;
        _lock = lockFile;
        _segments = segments;
        _count = count;
        _lastHash = lastHash;
        var path = segments[^1].Item2;
        _segment = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete, 1, FileOptions.None);
        _segment.Seek(0, SeekOrigin.End);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Gets the directory of the store.</summary>
    public string Directory => _options.Directory;

    /// <summary>Opens the store in <see cref="FileAuditStoreOptions.Directory"/>, creating it if needed and recovering from a crash.</summary>
    /// <param name="options">The store options.</param>
    /// <param name="logger">A logger, or <see langword="null"/> for none.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="AuditStoreException">Another owner holds the store, or its durable contents are damaged.</exception>
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
            var segments = FileSegmentReader.ListSegments(directory).ToList();
            if (segments.Count == 0)
            {
                var first = Path.Combine(directory, FileSegmentFormat.FileName(0));
                CreateSegmentFile(first, 0);
                segments.Add((0, first));
            }

            var (count, lastHash) = Recover(segments, log);
            var checkpointed = RecoverCheckpoints(directory, log);
            if (checkpointed > count)
            {
                throw Errors.Corrupted($"a signed checkpoint covers {checkpointed} entries but only {count} are intact.");
            }

            return new FileAuditStore(resolved, log, lockFile, segments, count, lastHash);
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
        // Encoding (the costly, order-free part) runs here on the caller's thread, and a record that
        // cannot be encoded fails alone instead of failing its whole batch.
        var pending = new PendingAppend(AuditEntryCodec.EncodeUnchained(record));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw Errors.Closed();
        }

        return new ValueTask<AuditAppendResult>(cancellationToken.CanBeCanceled ? pending.Completion.Task.WaitAsync(cancellationToken) : pending.Completion.Task);
    }

    /// <inheritdoc />
    public ValueTask<long> GetCountAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Volatile.Read(ref _count));

    /// <inheritdoc />
    public IAsyncEnumerable<AuditStoredEntry> ReadAsync(long fromSequence, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromSequence);
        long end;
        (long, string)[] segments;
        lock (_segments)
        {
            end = Volatile.Read(ref _count);
            segments = [.. _segments];
        }

        return FileSegmentReader.ReadAsync(segments, fromSequence, end, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask AppendCheckpointAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var note = Encoding.UTF8.GetBytes(checkpoint.Note);
        var frame = new byte[4 + note.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, note.Length);
        note.CopyTo(frame, 4);
        await _checkpointGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = Path.Combine(_options.Directory, CheckpointFileName);
            var created = !File.Exists(path);
            using var stream = OwnerOnlyFiles.Open(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1);
            await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            if (created)
            {
                DirectorySync.Flush(_options.Directory);
            }
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ReadCheckpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var note in await ReadCheckpointFileAsync(_options.Directory, cancellationToken).ConfigureAwait(false))
        {
            yield return note;
        }
    }

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
        await _segment.DisposeAsync().ConfigureAwait(false);
        await _lock.DisposeAsync().ConfigureAwait(false);
        _checkpointGate.Dispose();
    }

    /// <summary>Reads the checkpoint notes; an incomplete final frame is damage and is reported.</summary>
    internal static async Task<List<string>> ReadCheckpointFileAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, CheckpointFileName);
        return File.Exists(path)
            ? ParseCheckpointFrames(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), tolerateTornTail: false)
            : [];
    }

    /// <summary>
    /// Splits the checkpoint file into notes. Only crash recovery tolerates an incomplete final frame
    /// (it then cuts it); everywhere else an incomplete frame is damage.
    /// </summary>
    private static List<string> ParseCheckpointFrames(byte[] bytes, bool tolerateTornTail)
    {
        var notes = new List<string>();
        var offset = 0;
        while (offset + 4 <= bytes.Length)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            if (length <= 0 || length > 64 * 1024)
            {
                throw Errors.Format("the checkpoint file has a frame with an invalid length.");
            }

            if (offset + 4 + length > bytes.Length)
            {
                return tolerateTornTail ? notes : throw Errors.Format("the checkpoint file ends inside a checkpoint.");
            }

            notes.Add(Encoding.UTF8.GetString(bytes, offset + 4, length));
            offset += 4 + length;
        }

        return offset == bytes.Length || tolerateTornTail ? notes : throw Errors.Format("the checkpoint file ends inside a frame length.");
    }
}
