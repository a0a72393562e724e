namespace Telehealth.Crypto;

/// <summary>
/// The persisted state of one keyring: its versions and minimum decryption version. Stores replace it
/// as a whole under optimistic concurrency on <see cref="Revision"/>, so several nodes can share one.
/// Two documents are equal when every field and every version is.
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

    /// <summary>
    /// Checks whether <paramref name="keyringId"/> can name a keyring: 1 to 64 characters of A-Z, a-z,
    /// 0-9, '.', '_' or '-' (it is written into every envelope header).
    /// </summary>
    /// <param name="keyringId">The candidate id.</param>
    /// <returns>Whether the id is valid.</returns>
    public static bool IsValidKeyringId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? keyringId) =>
        !string.IsNullOrEmpty(keyringId) && KeyringIds.IsValid(keyringId);

    /// <summary>
    /// Checks that a document read from a store is self-consistent before it is trusted: it names
    /// <paramref name="expectedKeyringId"/>, has a positive revision and minimum decryption version,
    /// versions in ascending order with known states and providers, a key reference for every version
    /// not destroyed, and at most one primary. The built-in stores call it on every load; a custom
    /// <see cref="IKeyringStore"/> should too.
    /// </summary>
    /// <param name="expectedKeyringId">The keyring id the document was loaded for.</param>
    /// <exception cref="CryptoException">TH2039: the document is not a consistent keyring.</exception>
    public void Validate(string expectedKeyringId)
    {
        ArgumentNullException.ThrowIfNull(expectedKeyringId);
        KeyringValidation.Validate(this, expectedKeyringId);
    }

    /// <summary>Compares every field, and the versions in order, by value.</summary>
    /// <param name="other">The other document.</param>
    /// <returns>Whether both describe the same keyring state.</returns>
    public bool Equals(KeyringDocument? other) =>
        other is not null
        && string.Equals(KeyringId, other.KeyringId, StringComparison.Ordinal)
        && Revision == other.Revision
        && MinimumDecryptionVersion == other.MinimumDecryptionVersion
        && Versions.SequenceEqual(other.Versions);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(KeyringId, Revision, MinimumDecryptionVersion, Versions.Count);

    /// <summary>Describes the keyring without any provider reference.</summary>
    /// <returns>The id, revision and versions.</returns>
    public override string ToString() => $"Keyring {KeyringId} r{Revision}: {string.Join(", ", Versions)}";
}
