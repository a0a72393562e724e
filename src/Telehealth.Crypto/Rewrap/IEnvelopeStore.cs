namespace Telehealth.Crypto;

/// <summary>
/// The application's storage of envelopes, as the census and the bulk rewrap job see it. Implement it
/// over your table or bucket: list envelopes in a stable key order and replace a header in place.
/// </summary>
public interface IEnvelopeStore
{
    /// <summary>Lists stored envelopes in ascending ordinal order of <see cref="StoredEnvelope.RecordKey"/>.</summary>
    /// <param name="afterRecordKey">Start after this key (for resuming), or <see langword="null"/> for the beginning.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The envelopes; each needs only its header bytes, not the whole ciphertext.</returns>
    IAsyncEnumerable<StoredEnvelope> ListAsync(string? afterRecordKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the first <paramref name="replacedHeaderLength"/> bytes of a record's envelope with
    /// <paramref name="newHeader"/>, if the record still starts with <paramref name="expectedHeader"/>.
    /// </summary>
    /// <param name="recordKey">The record.</param>
    /// <param name="expectedHeader">The header read by <see cref="ListAsync"/>.</param>
    /// <param name="replacedHeaderLength">How many leading bytes to replace.</param>
    /// <param name="newHeader">The new header.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when the record changed meanwhile (it was not replaced).</returns>
    ValueTask<bool> ReplaceHeaderAsync(string recordKey, ReadOnlyMemory<byte> expectedHeader, int replacedHeaderLength, ReadOnlyMemory<byte> newHeader, CancellationToken cancellationToken = default);
}
