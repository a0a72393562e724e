namespace Telehealth.Crypto;

/// <summary>
/// Where keyring state lives. Several nodes share one store; writes are compare-and-swap on
/// <see cref="KeyringDocument.Revision"/>, so two nodes never overwrite each other's change.
/// </summary>
public interface IKeyringStore
{
    /// <summary>Reads a keyring.</summary>
    /// <param name="keyringId">The keyring id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The keyring, or <see langword="null"/> when the store has none with that id.</returns>
    ValueTask<KeyringDocument?> LoadAsync(string keyringId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="document"/> if the stored revision is still <paramref name="expectedRevision"/>
    /// (0 when creating). The document's own revision must be <paramref name="expectedRevision"/> + 1.
    /// </summary>
    /// <param name="document">The new state.</param>
    /// <param name="expectedRevision">The revision the change was based on.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when written; <see langword="false"/> when another writer got there first.</returns>
    ValueTask<bool> TryWriteAsync(KeyringDocument document, long expectedRevision, CancellationToken cancellationToken = default);
}
