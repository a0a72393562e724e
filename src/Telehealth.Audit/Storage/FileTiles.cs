namespace Telehealth.Audit;

/// <summary>
/// Hash tiles as files under <c>tile/</c> of a directory, at their C2SP tlog-tiles paths. A tile is
/// written to a temporary file and renamed into place, so a reader sees it whole or not at all.
/// Tiles are not fsynced one by one: <see cref="SyncWritten"/> makes every tile written since the
/// last call durable, and the store calls it before it stores a checkpoint that covers them.
/// </summary>
internal sealed class FileTiles
{
    private readonly string _root;
    private readonly List<string> _written = [];
    private readonly HashSet<string> _dirtyDirectories = [];
    private readonly Lock _lock = new();

    /// <param name="root">The directory that holds (or will hold) <c>tile/</c>.</param>
    public FileTiles(string root)
    {
        _root = root;
    }

    /// <summary>Gets the directory that holds <c>tile/</c>.</summary>
    public string Root => _root;

    /// <summary>Gets the full path of a tile file.</summary>
    public string PathOf(int level, long index, int width) =>
        Path.Combine(_root, TlogTiles.HashTilePath(level, index, width).Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Gets whether the directory holds any tile.</summary>
    public bool Any() => Directory.Exists(Path.Combine(_root, "tile"));

    /// <summary>Reads a whole tile file of <paramref name="width"/> hashes.</summary>
    public TileFileState TryRead(int level, long index, int width, Span<byte> destination)
    {
        // One open, one fstat and one read: proofs through tiles that are not cached pay for these calls.
        var path = PathOf(level, index, width);
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException || (ex is UnauthorizedAccessException && Directory.Exists(path)))
        {
            return TileFileState.Missing;
        }

        using (handle)
        {
            var expected = width * MerkleHash.Size;
            if (RandomAccess.GetLength(handle) != expected)
            {
                return TileFileState.WrongLength;
            }

            var read = 0;
            while (read < expected)
            {
                var n = RandomAccess.Read(handle, destination[read..expected], read);
                if (n == 0)
                {
                    return TileFileState.WrongLength;
                }

                read += n;
            }

            return TileFileState.Present;
        }
    }

    /// <summary>Writes a tile file (replacing a torn one) and remembers it for <see cref="SyncWritten"/>.</summary>
    public void Write(int level, long index, int width, ReadOnlySpan<byte> hashes)
    {
        var path = PathOf(level, index, width);
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            CreateDirectories(directory);
        }

        var temporary = path + ".tmp";
        using (var stream = OwnerOnlyFiles.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            stream.Write(hashes[..(width * MerkleHash.Size)]);
        }

        File.Move(temporary, path, overwrite: true);
        lock (_lock)
        {
            _written.Add(path);
            _dirtyDirectories.Add(directory);
        }
    }

    /// <summary>Moves a tile file written elsewhere (a staging area) into place, replacing a torn one.</summary>
    public void MoveIn(int level, long index, string sourcePath)
    {
        var path = PathOf(level, index, TlogTiles.Width);
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            CreateDirectories(directory);
        }

        File.Move(sourcePath, path, overwrite: true);
        lock (_lock)
        {
            _written.Add(path);
            _dirtyDirectories.Add(directory);
        }
    }

    /// <summary>Makes every tile written since the last call, and the directories holding them, durable.</summary>
    public void SyncWritten()
    {
        string[] files;
        string[] directories;
        lock (_lock)
        {
            files = [.. _written];
            directories = [.. _dirtyDirectories];
            _written.Clear();
            _dirtyDirectories.Clear();
        }

        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
            stream.Flush(flushToDisk: true);
        }

        foreach (var directory in directories)
        {
            DirectorySync.Flush(directory);
        }
    }

    /// <summary>Creates missing directories owner-only; their entries are made durable at the next <see cref="SyncWritten"/>.</summary>
    private void CreateDirectories(string directory)
    {
        var parent = Path.GetDirectoryName(directory)!;
        if (!Directory.Exists(parent))
        {
            CreateDirectories(parent);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        lock (_lock)
        {
            // The new directory's entry lives in its parent: that parent is flushed with the files.
            _dirtyDirectories.Add(parent);
        }
    }
}

/// <summary>What a tile file read found.</summary>
internal enum TileFileState
{
    /// <summary>The file exists with the expected length and was read.</summary>
    Present,

    /// <summary>There is no such file.</summary>
    Missing,

    /// <summary>The file exists but has the wrong length (torn or damaged).</summary>
    WrongLength,
}
