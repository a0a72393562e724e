namespace Telehealth.Crypto;

/// <summary>Atomic, owner-only file writes for key material and keyring state.</summary>
internal static class SecureFiles
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    public static void EnsureDirectory(string directory)
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

    /// <summary>Writes to a temporary file, flushes it to disk and renames it over <paramref name="path"/>.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content, bool overwrite = true)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        EnsureDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, CreateOptions()))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Takes an exclusive lock file shared by the processes using the directory, waiting up to 10 seconds
    /// for another holder; the lock is released (and the file removed) when the returned stream is disposed.
    /// </summary>
    public static async Task<FileStream> LockAsync(string path, Func<Exception> timedOut, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0, Options = FileOptions.DeleteOnClose };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = OwnerReadWrite;
                }

                return new FileStream(path, options);
            }
            catch (IOException) when (System.Diagnostics.Stopwatch.GetElapsedTime(started) < LockTimeout)
            {
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                throw timedOut();
            }
        }
    }

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        return options;
    }
}
