namespace Telehealth.Audit;

/// <summary>
/// Directories and files the audit log creates are readable by the owning account only: audit records
/// are free of PHI but still say who did what, when.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerReadWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="directory"/> and any missing parents with owner-only access; an existing directory keeps its permissions.</summary>
    public static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerDirectory);
        }
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
