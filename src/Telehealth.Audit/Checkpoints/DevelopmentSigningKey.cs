using Microsoft.Extensions.Logging;

namespace Telehealth.Audit;

/// <summary>
/// A signing key kept in a local file for development hosts, created with owner-only permissions and
/// named after the log's origin, as C2SP tlog-checkpoint recommends for the log's own signature.
/// </summary>
internal static partial class DevelopmentSigningKey
{
    public const string FileName = "checkpoint-signing.key";

    public static CheckpointSigningKey LoadOrCreate(string path, string origin, ILogger logger)
    {
        if (File.Exists(path))
        {
            LogUsing(logger, path);
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                throw Errors.KeyFileUnprotected(Path.GetFileName(path));
            }

            var existing = CheckpointSigningKey.ImportSignerKey(ReadBounded(path).Trim());
            if (existing.Name != origin)
            {
                LogNameIsNotOrigin(logger, path, existing.Name, origin);
            }

            return existing;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        OwnerOnlyFiles.CreateDirectory(directory);
        var key = CheckpointSigningKey.Generate(origin);
        var temporary = path + ".tmp";
        using (var file = OwnerOnlyFiles.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(key.ExportSignerKey()));
            file.Flush(flushToDisk: true);
        }

        // Never replaces a key another process created meanwhile: its checkpoints must keep verifying.
        File.Move(temporary, path, overwrite: false);
        DirectorySync.Flush(directory);

        LogCreated(logger, path, key.VerifierKey.ToString());
        return key;
    }

    private static string ReadBounded(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        if (file.Length > 1024)
        {
            throw Errors.Checkpoint("the development signing key file is larger than a signer key.");
        }

        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        return System.Text.Encoding.ASCII.GetString(bytes);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Audit checkpoints are signed with an unencrypted development key from {Path}; use a protected key in production.")]
    private static partial void LogUsing(ILogger logger, string path);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Created an unencrypted development checkpoint signing key in {Path}; its verifier key is {VerifierKey}. Use a protected key in production.")]
    private static partial void LogCreated(ILogger logger, string path, string verifierKey);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "The development checkpoint signing key in {Path} is named {KeyName}, not after the log origin {Origin}; it is used as it is so existing checkpoints keep verifying. A new store gets a key named after its origin.")]
    private static partial void LogNameIsNotOrigin(ILogger logger, string path, string keyName, string origin);
}
