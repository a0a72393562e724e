using Microsoft.Extensions.Logging;

namespace Telehealth.Crypto;

/// <summary>
/// What a keyring's key-encryption keys wrap: the application's envelope stores, the integrity keys and
/// the subject keys. The census and the keyring-wide rewrap job cover all of them, and disabling,
/// destroying or retiring a version refuses while any of them still needs it.
/// </summary>
public sealed partial class Keyring
{
    private readonly Lock _dependentsLock = new();
    private readonly List<(string Name, IEnvelopeStore Store)> _envelopeStores = [];
    private readonly List<SubjectKeyStore> _subjectKeyStores = [];
    private Func<KeyringDependents>? _dependentsSource;

    /// <summary>
    /// Registers a store of the application's envelopes, so that <see cref="TakeCensusAsync"/>, the
    /// keyring-wide <see cref="KeyRewrapJob"/> and the checks before <see cref="DisableAsync"/>,
    /// <see cref="DestroyAsync"/> and <see cref="SetMinimumDecryptionVersionAsync"/> cover its records.
    /// Subject keys and integrity keys are covered without registration, and <c>AddTelehealthCrypto</c>
    /// registers every <see cref="IEnvelopeStore"/> of the container. Registering a store again renames it.
    /// </summary>
    /// <param name="name">The name censuses and refusals give the store, such as <c>visit-notes</c>.</param>
    /// <param name="store">The store.</param>
    public void AddEnvelopeStore(string name, IEnvelopeStore store)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(store);
        lock (_dependentsLock)
        {
            _envelopeStores.RemoveAll(s => ReferenceEquals(s.Store, store));
            _envelopeStores.Add((name, store));
        }
    }

    /// <summary>
    /// Counts, per key-encryption key version, everything this keyring wraps: the records of every
    /// registered envelope store (headers only), the integrity keys and the subject keys. Envelopes whose
    /// subject key was destroyed are counted as shredded, not under a version. The wraps each version has
    /// reserved are in <see cref="KeyVersionCensusResult.Wraps"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the census.</param>
    /// <returns>The counts per source and version.</returns>
    public async ValueTask<KeyVersionCensusResult> TakeCensusAsync(CancellationToken cancellationToken = default)
    {
        using var activity = CryptoTelemetry.Source.StartActivity("crypto.key.census");
        activity?.SetTag("telehealth.crypto.keyring", Id);
        var dependents = Dependents();
        var tally = new KeyVersionCensus.Tally();
        foreach (var subjectKeys in dependents.SubjectKeys.DistinctBy(s => s.Directory, StringComparer.Ordinal))
        {
            await subjectKeys.CountAsync(tally, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (name, store) in dependents.EnvelopeStores)
        {
            await tally.CountEnvelopesAsync(name, store, dependents.SubjectKeys, cancellationToken).ConfigureAwait(false);
        }

        var keyring = await LoadForWriteAsync(cancellationToken).ConfigureAwait(false);
        return tally.Result(_time.GetUtcNow(), WrapCounts(keyring));
    }

    /// <summary>Lets a container name its envelope stores, subject key and integrity key stores when they are needed, not when the keyring is built.</summary>
    internal void AddDependents(Func<KeyringDependents> source) => _dependentsSource = source;

    internal void AddSubjectKeyStore(SubjectKeyStore store)
    {
        lock (_dependentsLock)
        {
            if (!_subjectKeyStores.Contains(store))
            {
                _subjectKeyStores.Add(store);
            }
        }
    }

    internal void RemoveSubjectKeyStore(SubjectKeyStore store)
    {
        lock (_dependentsLock)
        {
            _subjectKeyStores.Remove(store);
        }
    }

    /// <summary>Everything registered, and whatever the container names, each store once.</summary>
    internal KeyringDependents Dependents()
    {
        // Resolved outside the lock: resolving a subject or integrity key store registers it here.
        var resolved = _dependentsSource?.Invoke();
        lock (_dependentsLock)
        {
            var stores = new List<(string Name, IEnvelopeStore Store)>(_envelopeStores);
            foreach (var store in resolved?.EnvelopeStores ?? [])
            {
                if (!stores.Exists(s => ReferenceEquals(s.Store, store.Store)))
                {
                    stores.Add(store);
                }
            }

            var subjectKeys = new List<SubjectKeyStore>(_subjectKeyStores);
            subjectKeys.AddRange((resolved?.SubjectKeys ?? []).Where(s => !subjectKeys.Contains(s)));
            return new KeyringDependents(stores, subjectKeys);
        }
    }

    /// <summary>
    /// Refuses, naming what blocks it, while a record or key of this keyring is on a version that
    /// <paramref name="affected"/> selects, or while a value's version cannot be read.
    /// </summary>
    private async ValueTask RequireNotNeededAsync(int version, string operation, Func<int, bool> affected, CancellationToken cancellationToken)
    {
        var census = await TakeCensusAsync(cancellationToken).ConfigureAwait(false);
        var blockers = census.Versions.Where(c => string.Equals(c.KeyringId, Id, StringComparison.Ordinal) && affected(c.Version)).ToList();
        if (blockers.Count == 0 && census.Unreadable == 0)
        {
            return;
        }

        var refusal = Errors.KeyVersionNeeded(Id, version, operation, census, blockers);
        LogRefused(Id, version, operation, refusal.Message);
        throw refusal;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keyring {KeyringId} version {Version} was not {Operation}: {Reason}")]
    private partial void LogRefused(string keyringId, int version, string operation, string reason);
}

/// <summary>Everything a keyring wraps, as a container or the stores themselves registered it.</summary>
internal sealed class KeyringDependents(IReadOnlyList<(string Name, IEnvelopeStore Store)> envelopeStores, IReadOnlyList<SubjectKeyStore> subjectKeys)
{
    public IReadOnlyList<(string Name, IEnvelopeStore Store)> EnvelopeStores { get; } = envelopeStores;

    public IReadOnlyList<SubjectKeyStore> SubjectKeys { get; } = subjectKeys;
}
