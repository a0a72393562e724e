using System.Runtime.CompilerServices;

namespace Telehealth.Compliance.Evidence.Tests;

/// <summary>An application's table of encrypted values, in memory, as the census sees it through <see cref="IEnvelopeStore"/>.</summary>
internal sealed class MemoryEnvelopeStore : IEnvelopeStore
{
    private readonly SortedDictionary<string, byte[]> _records = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Put(string key, byte[] value)
    {
        lock (_lock)
        {
            _records[key] = value;
        }
    }

    public async IAsyncEnumerable<StoredEnvelope> ListAsync(string? afterRecordKey, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        List<KeyValuePair<string, byte[]>> page;
        lock (_lock)
        {
            page = [.. _records.Where(r => afterRecordKey is null || string.CompareOrdinal(r.Key, afterRecordKey) > 0)];
        }

        foreach (var (key, value) in page)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new StoredEnvelope(key, value);
        }
    }

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
