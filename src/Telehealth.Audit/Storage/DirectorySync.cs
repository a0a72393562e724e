using System.Runtime.InteropServices;

namespace Telehealth.Audit;

/// <summary>
/// Flushes a directory's entries to disk, so a newly created file survives a crash. .NET cannot open
/// a directory as a file, so on Unix this calls open(2)/fsync(2) directly; Windows has no equivalent
/// need (NTFS journals metadata) and it does nothing there.
/// </summary>
internal static partial class DirectorySync
{
    // O_RDONLY is 0 on every Unix. O_DIRECTORY is not used: its value differs between
    // architectures (0x10000 on x86-64 is O_DIRECT on ARM64), and the path is checked instead.
    private const int ReadOnly = 0;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException("The directory to flush does not exist.");
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Could not open directory for fsync (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of a directory failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
