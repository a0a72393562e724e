namespace Telehealth.Audit;

/// <summary>
/// Directories and files the audit log creates are readable by the owning account only: audit records
/// are free of PHI but still say who did what, when.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerReadWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates <paramref name="directory"/> and any missing parents with owner-only access, and makes
    /// each new directory's entry durable in its parent; an existing directory keeps its permissions.
    /// </summary>
    public static void CreateDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (Directory.Exists(full))
        {
            return;
        }

        var parent = Path.GetDirectoryName(full);
        if (parent is not null)
        {
            CreateDirectory(parent);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
        }
        else
        {
            Directory.CreateDirectory(full, OwnerDirectory);
        }

        if (parent is not null)
        {
            DirectorySync.Flush(parent);
        }
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="contents"/> atomically and durably: a
    /// temporary file beside it is written and fsynced, renamed over it, and the directory fsynced.
    /// </summary>
    public static void ReplaceDurably(string path, ReadOnlySpan<byte> contents)
    {
        var temporary = path + ".tmp";
        using (var stream = Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Opens a file that <paramref name="mode"/> may create; a file created here is owner read/write only.</summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        return new FileStream(path, options);
    }
}
