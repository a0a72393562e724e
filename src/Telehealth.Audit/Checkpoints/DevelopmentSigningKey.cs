using Microsoft.Extensions.Logging;

namespace Telehealth.Audit;

/// <summary>A signing key kept in a local file for development hosts, created with owner-only permissions.</summary>
internal static partial class DevelopmentSigningKey
{
    public const string FileName = "checkpoint-signing.key";

    public static CheckpointSigningKey LoadOrCreate(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            LogUsing(logger, path);
            return CheckpointSigningKey.ImportSignerKey(File.ReadAllText(path).Trim());
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        OwnerOnlyFiles.CreateDirectory(directory);
        var key = CheckpointSigningKey.Generate("telehealth-audit-dev");
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
}
