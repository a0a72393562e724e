using System.Runtime.CompilerServices;

namespace Telehealth.Testing;

/// <summary>
/// An application's table of encrypted records, in memory: the census and rewrap job work against the
/// application's storage through <see cref="Telehealth.Crypto.IEnvelopeStore"/>, so this stands in for the user's database.
/// </summary>
internal sealed class MemoryEnvelopeStore(string name = "records") : Telehealth.Crypto.IEnvelopeStore
{
    private readonly SortedDictionary<string, byte[]> _records = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Func<string, CancellationToken, ValueTask>? BeforeRead { get; set; }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    public void Put(string key, byte[] envelope)
    {
        lock (_lock)
        {
            _records[key] = envelope;
        }
    }

    public byte[] Get(string key)
    {
        lock (_lock)
        {
            return _records[key];
        }
    }

    public async IAsyncEnumerable<Telehealth.Crypto.StoredEnvelope> ListAsync(string? afterRecordKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<KeyValuePair<string, byte[]>> page;
        lock (_lock)
        {
            page = [.. _records.Where(r => afterRecordKey is null || string.CompareOrdinal(r.Key, afterRecordKey) > 0)];
        }

        foreach (var (key, value) in page)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (BeforeRead is not null)
            {
                await BeforeRead(key, cancellationToken);
            }

            yield return new Telehealth.Crypto.StoredEnvelope(key, value);
        }
    }

    /// <summary>Gets the name a keyring's census gives the store when a container registers it.</summary>
    public override string ToString() => name;

    public ValueTask<bool> ReplaceHeaderAsync(string recordKey, ReadOnlyMemory<byte> expectedHeader, int replacedHeaderLength, ReadOnlyMemory<byte> newHeader, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var current = _records[recordKey];
            if (!current.AsSpan().StartsWith(expectedHeader.Span))
            {
                return ValueTask.FromResult(false);
            }

            _records[recordKey] = [.. newHeader.Span, .. current.AsSpan(replacedHeaderLength)];
            return ValueTask.FromResult(true);
        }
    }
}
