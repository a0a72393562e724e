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
            var existing = CheckpointSigningKey.ImportSignerKey(File.ReadAllText(path).Trim());
            if (existing.Name != origin)
            {
                LogNameIsNotOrigin(logger, path, existing.Name, origin);
            }

            return existing;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        OwnerOnlyFiles.CreateDirectory(directory);
        var key = CheckpointSigningKey.Generate(origin);
        using (var writer = new StreamWriter(OwnerOnlyFiles.Open(path, FileMode.CreateNew, FileAccess.Write, FileShare.None), System.Text.Encoding.ASCII))
        {
            writer.Write(key.ExportSignerKey());
        }

        LogCreated(logger, path, key.VerifierKey.ToString());
        return key;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Audit checkpoints are signed with an unencrypted development key from {Path}; use a protected key in production.")]
    private static partial void LogUsing(ILogger logger, string path);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Created an unencrypted development checkpoint signing key in {Path}; its verifier key is {VerifierKey}. Use a protected key in production.")]
    private static partial void LogCreated(ILogger logger, string path, string verifierKey);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "The development checkpoint signing key in {Path} is named {KeyName}, not after the log origin {Origin}; it is used as it is so existing checkpoints keep verifying. A new store gets a key named after its origin.")]
    private static partial void LogNameIsNotOrigin(ILogger logger, string path, string keyName, string origin);
}
