using System.Text.Json;
using System.Text.Json.Serialization;

namespace Telehealth.Crypto;

/// <summary>
/// The embedded keyring store: one JSON file per keyring in a directory that only the service account
/// can read, replaced atomically (write, flush, rename) under a lock file, so processes on one machine or
/// nodes on a shared volume can share it. Local-provider keys appear only sealed under the master key.
/// </summary>
public sealed class FileKeyringStore : IKeyringStore
{
    private const string FormatName = "telehealth.keyring/1";
    private readonly string _directory;

    /// <summary>Initializes a new instance of the <see cref="FileKeyringStore"/> class.</summary>
    /// <param name="directory">The directory of the keyring files; created owner-only when missing.</param>
    public FileKeyringStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
    }

    /// <summary>Gets the directory of the keyring files.</summary>
    public string Directory => _directory;

    /// <inheritdoc/>
    public ValueTask<KeyringDocument?> LoadAsync(string keyringId, CancellationToken cancellationToken = default)
    {
        KeyringIds.Require(keyringId, nameof(keyringId));
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(keyringId));
    }

    /// <inheritdoc/>
    public async ValueTask<bool> TryWriteAsync(KeyringDocument document, long expectedRevision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        KeyringIds.Require(document.KeyringId, nameof(document));
        if (document.Revision != expectedRevision + 1)
        {
            throw new ArgumentException("The document's revision must be the expected revision plus one.", nameof(document));
        }

        SecureFiles.EnsureDirectory(_directory);
        var lockPath = Path.Combine(_directory, document.KeyringId + ".keyring.lock");
        using var fileLock = await SecureFiles.LockAsync(lockPath, () => Errors.StoreConflict(document.KeyringId), cancellationToken).ConfigureAwait(false);
        var current = Read(document.KeyringId);
        if ((current?.Revision ?? 0) != expectedRevision)
        {
            return false;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(new KeyringFile(FormatName, document), KeyringJsonContext.Default.KeyringFile);
        SecureFiles.WriteAtomically(PathOf(document.KeyringId), bytes);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"FileKeyringStore({_directory})";

    private KeyringDocument? Read(string keyringId)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(PathOf(keyringId));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        KeyringFile? file;
        try
        {
            file = JsonSerializer.Deserialize(bytes, KeyringJsonContext.Default.KeyringFile);
        }
        catch (JsonException ex)
        {
            throw Errors.StoreDamaged($"keyring file for '{keyringId}' is not valid JSON", ex);
        }

        if (file is null || file.Format != FormatName || file.Keyring is null)
        {
            throw Errors.StoreDamaged($"keyring file for '{keyringId}' is not a {FormatName} document");
        }

        KeyringValidation.Validate(file.Keyring, keyringId);
        return file.Keyring;
    }

    private string PathOf(string keyringId) => Path.Combine(_directory, keyringId + ".keyring.json");

    internal sealed record KeyringFile(string Format, KeyringDocument Keyring);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(FileKeyringStore.KeyringFile))]
internal sealed partial class KeyringJsonContext : JsonSerializerContext;
