namespace Telehealth.Audit;

/// <summary>
/// Tile summaries in one file per tile level, <c>tile-summaries-&lt;L&gt;</c>: the summary of full tile
/// <c>n</c> of level <c>L</c> is the 512 bytes at offset <c>512 · n</c>. Written without fsync and read
/// without trust (see <see cref="ITileSummaries"/>): a hole, a torn write or a flipped byte only costs the
/// reader the hashing the summary would have saved. Thread-safe.
/// </summary>
internal sealed class FileTileSummaries : ITileSummaries, IDisposable
{
    /// <summary>The start of the files' names in the store directory; the tile level follows.</summary>
    public const string FilePrefix = "tile-summaries-";

    private readonly string _directory;
    private readonly FileStream?[] _files = new FileStream?[TlogTiles.MaxLevel + 1];
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <param name="directory">The store directory.</param>
    public FileTileSummaries(string directory)
    {
        _directory = directory;
    }

    /// <summary>Gets the path of the summaries of tile level <paramref name="level"/>.</summary>
    public static string PathOf(string directory, int level) =>
        Path.Combine(directory, FilePrefix + level.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public bool TryRead(int level, long tileIndex, Span<byte> destination)
    {
        var offset = tileIndex * TileSummary.Bytes;
        try
        {
            return Handle(level) is { } handle
                && RandomAccess.GetLength(handle) >= offset + TileSummary.Bytes
                && RandomAccess.Read(handle, destination[..TileSummary.Bytes], offset) == TileSummary.Bytes;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Write(int level, long tileIndex, ReadOnlySpan<byte> summary)
    {
        try
        {
            if (Handle(level) is { } handle)
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
            foreach (var file in _files)
            {
                file?.Dispose();
            }
        }
    }

    /// <summary>Opens a level's file when first needed (creating it), so a store that serves no proof never writes it.</summary>
    private Microsoft.Win32.SafeHandles.SafeFileHandle? Handle(int level)
    {
        if ((uint)level >= (uint)_files.Length)
        {
            return null;
        }

        lock (_lock)
        {
            if (_files[level] is null && !_disposed)
            {
                try
                {
                    _files[level] = OwnerOnlyFiles.Open(PathOf(_directory, level), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 0);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return null;
                }
            }

            return _files[level]?.SafeFileHandle;
        }
    }
}
