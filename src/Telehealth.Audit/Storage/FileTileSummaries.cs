namespace Telehealth.Audit;

/// <summary>
/// Tile summaries in one file, <c>tile-summaries</c>: the summary of level-0 tile <c>n</c> is the 512
/// bytes at offset <c>512 · n</c>. Written without fsync and read without trust (see
/// <see cref="ITileSummaries"/>): a hole, a torn write or a flipped byte only costs the reader the
/// hashing the summary would have saved. Thread-safe.
/// </summary>
internal sealed class FileTileSummaries : ITileSummaries, IDisposable
{
    /// <summary>The file's name in the store directory.</summary>
    public const string FileName = "tile-summaries";

    private readonly string _path;
    private readonly Lock _lock = new();
    private FileStream? _file;
    private bool _disposed;

    /// <param name="directory">The store directory.</param>
    public FileTileSummaries(string directory)
    {
        _path = Path.Combine(directory, FileName);
    }

    /// <inheritdoc />
    public bool TryRead(long tileIndex, Span<byte> destination)
    {
        var handle = Handle();
        var offset = tileIndex * TileSummary.Bytes;
        try
        {
            return handle is not null
                && RandomAccess.GetLength(handle) >= offset + TileSummary.Bytes
                && RandomAccess.Read(handle, destination[..TileSummary.Bytes], offset) == TileSummary.Bytes;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Write(long tileIndex, ReadOnlySpan<byte> summary)
    {
        try
        {
            if (Handle() is { } handle)
            {
                RandomAccess.Write(handle, summary[..TileSummary.Bytes], tileIndex * TileSummary.Bytes);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // A summary that was not stored is computed again by the next reader that needs it.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _file?.Dispose();
        }
    }

    /// <summary>Opens the file when first needed (creating it), so a store that serves no proof never writes it.</summary>
    private Microsoft.Win32.SafeHandles.SafeFileHandle? Handle()
    {
        lock (_lock)
        {
            if (_file is null && !_disposed)
            {
                try
                {
                    _file = OwnerOnlyFiles.Open(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 0);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return null;
                }
            }

            return _file?.SafeFileHandle;
        }
    }
}
