namespace Telehealth.Crypto;

/// <summary>
/// Counts stored envelopes per key-encryption key version by reading headers only. To cover everything a
/// keyring wraps (the application's records, subject keys and integrity keys) use
/// <see cref="Keyring.TakeCensusAsync"/>, which is also what retirement checks before it acts.
/// </summary>
public static class KeyVersionCensus
{
    /// <summary>The source name of a store counted on its own.</summary>
    public const string RecordsSource = "records";

    /// <summary>The source name of the subject keys (crypto-shredding) in a keyring's census.</summary>
    public const string SubjectKeysSource = "subject keys";

    /// <summary>The source name of the <see cref="IntegrityKeyStore"/> in a keyring's census.</summary>
    public const string IntegrityKeysSource = "integrity keys";

    /// <summary>Takes a census of one store.</summary>
    /// <param name="store">The application's envelope store.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the census.</param>
    /// <returns>The counts, under the source name <see cref="RecordsSource"/>.</returns>
    public static async ValueTask<KeyVersionCensusResult> TakeAsync(IEnvelopeStore store, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var census = new Tally();
        await census.CountEnvelopesAsync(RecordsSource, store, [], cancellationToken).ConfigureAwait(false);
        return census.Result((timeProvider ?? TimeProvider.System).GetUtcNow());
    }

    /// <summary>Collects counts from several sources into one result.</summary>
    internal sealed class Tally
    {
        private readonly Dictionary<(string Source, string KeyringId, int Version), long> _counts = [];
        private readonly List<KeyVersionCensusSource> _sources = [];

        /// <summary>Counts the envelopes of a store; those whose subject key is gone from every given subject store count as shredded.</summary>
        public async ValueTask CountEnvelopesAsync(string source, IEnvelopeStore store, IReadOnlyList<SubjectKeyStore> subjectKeys, CancellationToken cancellationToken)
        {
            long total = 0, unreadable = 0, shredded = 0;
            await foreach (var stored in store.ListAsync(null, cancellationToken).ConfigureAwait(false))
            {
                total++;
                EnvelopeLayout layout;
                try
                {
                    layout = EnvelopeLayout.Read(stored.Header.Span, requireBody: false);
                }
                catch (CryptoException)
                {
                    unreadable++;
                    continue;
                }

                if (SubjectKeyStore.IsShredded(stored.Header.Span, subjectKeys))
                {
                    shredded++;
                    continue;
                }

                Add(source, layout.KeyringId, (int)layout.KeyVersion);
            }

            _sources.Add(new KeyVersionCensusSource(source, total, unreadable, shredded));
        }

        /// <summary>Adds one record or key on a version.</summary>
        public void Add(string source, string keyringId, int version)
        {
            var key = (source, keyringId, version);
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
        }

        /// <summary>Records what was read from a source counted with <see cref="Add"/>.</summary>
        public void AddSource(KeyVersionCensusSource source) => _sources.Add(source);

        public KeyVersionCensusResult Result(DateTimeOffset takenAt, IReadOnlyList<KeyWrapCount>? wraps = null) => new()
        {
            Wraps = wraps ?? [],
            Versions =
            [
                .. _counts
                    .OrderBy(c => c.Key.KeyringId, StringComparer.Ordinal)
                    .ThenBy(c => c.Key.Version)
                    .ThenBy(c => c.Key.Source, StringComparer.Ordinal)
                    .Select(c => new KeyVersionCount(c.Key.Source, c.Key.KeyringId, c.Key.Version, c.Value)),
            ],
            Sources = [.. _sources],
            TakenAt = takenAt,
        };

    }
}
