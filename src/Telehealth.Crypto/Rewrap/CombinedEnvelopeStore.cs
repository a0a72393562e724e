using System.Globalization;
using System.Runtime.CompilerServices;

namespace Telehealth.Crypto;

/// <summary>
/// Several envelope stores seen as one, so that one <see cref="KeyVersionCensus"/> or one
/// <see cref="KeyRewrapJob"/> covers them all: typically the application's records and the
/// <see cref="IntegrityKeyStore"/>. Record keys are prefixed with the position of their store
/// (<c>000:</c>, <c>001:</c>, ...), so keep the stores in the same order for a job to resume from its
/// checkpoint.
/// </summary>
public sealed class CombinedEnvelopeStore : IEnvelopeStore
{
    /// <summary>The most stores that can be combined.</summary>
    public const int MaxStores = 1000;

    private const int PrefixLength = 4;
    private readonly IEnvelopeStore[] _stores;

    /// <summary>Initializes a new instance of the <see cref="CombinedEnvelopeStore"/> class.</summary>
    /// <param name="stores">The stores, in a fixed order; at least one and at most <see cref="MaxStores"/>.</param>
    public CombinedEnvelopeStore(params IEnumerable<IEnvelopeStore> stores)
    {
        ArgumentNullException.ThrowIfNull(stores);
        _stores = [.. stores];
        if (_stores.Length is 0 or > MaxStores)
        {
            throw new ArgumentException($"Combine 1 to {MaxStores} stores.", nameof(stores));
        }

        foreach (var store in _stores)
        {
            ArgumentNullException.ThrowIfNull(store, nameof(stores));
        }
    }

    /// <summary>Gets the combined stores, in order.</summary>
    public IReadOnlyList<IEnvelopeStore> Stores => _stores;

    /// <inheritdoc/>
    public IAsyncEnumerable<StoredEnvelope> ListAsync(string? afterRecordKey, CancellationToken cancellationToken = default) =>
        ListCoreAsync(afterRecordKey, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<bool> ReplaceHeaderAsync(string recordKey, ReadOnlyMemory<byte> expectedHeader, int replacedHeaderLength, ReadOnlyMemory<byte> newHeader, CancellationToken cancellationToken = default)
    {
        var (index, key) = Split(recordKey);
        return _stores[index].ReplaceHeaderAsync(key, expectedHeader, replacedHeaderLength, newHeader, cancellationToken);
    }

    private static string Prefix(int index) => index.ToString("D3", CultureInfo.InvariantCulture) + ":";

    private (int Index, string Key) Split(string recordKey)
    {
        ArgumentNullException.ThrowIfNull(recordKey);
        if (recordKey.Length < PrefixLength
            || recordKey[PrefixLength - 1] != ':'
            || !int.TryParse(recordKey.AsSpan(0, PrefixLength - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index >= _stores.Length)
        {
            throw new ArgumentException("Not a record key of this combined store.", nameof(recordKey));
        }

        return (index, recordKey[PrefixLength..]);
    }

    private async IAsyncEnumerable<StoredEnvelope> ListCoreAsync(string? afterRecordKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (first, after) = afterRecordKey is null ? (0, (string?)null) : Split(afterRecordKey);
        for (var index = first; index < _stores.Length; index++)
        {
            var prefix = Prefix(index);
            await foreach (var envelope in _stores[index].ListAsync(index == first ? after : null, cancellationToken).ConfigureAwait(false))
            {
                yield return envelope with { RecordKey = prefix + envelope.RecordKey };
            }
        }
    }
}
