using System.Runtime.InteropServices;

namespace Telehealth.Crypto;

/// <summary>Atomic, durable, owner-only file writes for key material and keyring state.</summary>
internal static partial class SecureFiles
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

    /// <summary>
    /// Writes to a temporary file, flushes it to disk, renames it over <paramref name="path"/> and flushes
    /// the directory, so that after a crash the file is either the old one or the new one, and stays the
    /// new one once this returns.
    /// </summary>
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
            SyncDirectory(directory);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Deletes a file and flushes its directory, so the deletion survives a crash once this returns.</summary>
    public static void DeleteDurably(string path)
    {
        File.Delete(path);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Takes an exclusive lock on a lock file shared by the processes using the directory, waiting up to
    /// 10 seconds for another holder; the lock is released when the returned stream is disposed. The
    /// file is never deleted: a holder that deleted it on release would let a waiter that had already
    /// opened it lock the deleted file while a newcomer locks a new one, and both would proceed.
    /// </summary>
    public static async Task<FileStream> LockAsync(string path, Func<Exception> timedOut, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, BufferSize = 0 };
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

    /// <summary>
    /// Flushes a directory's entries (a rename or deletion in it) to disk. .NET opens no handle on a
    /// directory, so this calls <c>open</c> and <c>fsync</c> directly; Windows needs no call (NTFS journals
    /// its metadata).
    /// </summary>
    internal static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // A null-terminated UTF-8 path, as open(2) takes it; flags 0 is O_RDONLY on every Unix.
        var descriptor = Native.Open(System.Text.Encoding.UTF8.GetBytes(directory + "\0"), 0);
        if (descriptor < 0)
        {
            throw new IOException($"The directory could not be opened to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Native.Fsync(descriptor) != 0)
            {
                throw new IOException($"The directory could not be flushed to disk (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Native.Close(descriptor);
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

    private static class Native
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Open(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Fsync(int descriptor);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Close(int descriptor);
    }
}
