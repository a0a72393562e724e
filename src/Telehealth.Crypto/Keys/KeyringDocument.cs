namespace Telehealth.Crypto;

/// <summary>
/// The persisted state of one keyring: its versions and minimum decryption version. Stores replace it
/// as a whole under optimistic concurrency on <see cref="Revision"/>, so several nodes can share one.
/// </summary>
public sealed record KeyringDocument
{
    /// <summary>Gets the keyring id written in envelope headers.</summary>
    public required string KeyringId { get; init; }

    /// <summary>Gets the revision, incremented by every successful write; 0 before the first write.</summary>
    public required long Revision { get; init; }

    /// <summary>Gets the versions, in ascending version order.</summary>
    public required IReadOnlyList<KeyEncryptionKeyVersion> Versions { get; init; }

    /// <summary>Gets the lowest version that may still decrypt; lower versions are retired.</summary>
    public int MinimumDecryptionVersion { get; init; } = 1;

    /// <summary>Finds the version in <see cref="KeyEncryptionKeyState.Primary"/> state.</summary>
    /// <returns>The primary version, or <see langword="null"/> when there is none.</returns>
    public KeyEncryptionKeyVersion? FindPrimary() => Versions.FirstOrDefault(v => v.State == KeyEncryptionKeyState.Primary);

    /// <summary>Finds a version.</summary>
    /// <param name="version">The version number.</param>
    /// <returns>The version, or <see langword="null"/> when the keyring has no such version.</returns>
    public KeyEncryptionKeyVersion? Find(int version) => Versions.FirstOrDefault(v => v.Version == version);

    /// <summary>Describes the keyring without any provider reference.</summary>
    /// <returns>The id, revision and versions.</returns>
    public override string ToString() => $"Keyring {KeyringId} r{Revision}: {string.Join(", ", Versions)}";
}
