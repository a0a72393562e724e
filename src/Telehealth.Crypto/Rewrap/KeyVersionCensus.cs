namespace Telehealth.Crypto;

/// <summary>
/// Counts stored envelopes per key-encryption key version by reading headers only, so an old version can
/// be retired (<see cref="Keyring.SetMinimumDecryptionVersionAsync"/>) with proof that nothing needs it.
/// </summary>
public static class KeyVersionCensus
{
    /// <summary>Takes a census of a store.</summary>
    /// <param name="store">The application's envelope store.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the census.</param>
    /// <returns>The counts.</returns>
    public static async ValueTask<KeyVersionCensusResult> TakeAsync(IEnvelopeStore store, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var counts = new Dictionary<(string, int), long>();
        long total = 0, unreadable = 0;
        await foreach (var stored in store.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            total++;
            try
            {
                var info = EnvelopeInfo.Read(stored.Header.Span);
                var key = (info.KeyringId, info.KeyVersion);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
            catch (CryptoException)
            {
                unreadable++;
            }
        }

        return new KeyVersionCensusResult
        {
            Versions = [.. counts.OrderBy(c => c.Key.Item1, StringComparer.Ordinal).ThenBy(c => c.Key.Item2).Select(c => new KeyVersionCount(c.Key.Item1, c.Key.Item2, c.Value))],
            Total = total,
            Unreadable = unreadable,
            TakenAt = (timeProvider ?? TimeProvider.System).GetUtcNow(),
        };
    }
}
