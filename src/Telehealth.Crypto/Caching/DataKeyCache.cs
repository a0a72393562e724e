using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// Cached data keys with hard limits. Keys live in pinned arrays and are zeroed when retired; every read
/// copies the key out under the entry's lock, so retiring never races a reader into a zeroed key.
/// </summary>
internal sealed class DataKeyCache : IDisposable
{
    private readonly DataKeyCachingOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<byte[], Entry> _decryption = new(WrappedKeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _decryptionBySpan;
    private Entry? _encryption;

    public DataKeyCache(DataKeyCachingOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _decryptionBySpan = _decryption.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public bool Enabled => _options.Enabled;

    /// <summary>
    /// Copies the current encryption key for <paramref name="version"/> and counts the message; also leases
    /// its derived material when it was derived for <paramref name="suite"/> and <paramref name="flags"/>.
    /// </summary>
    public bool TryUseForEncryption(string keyringId, int version, long plaintextLength, AlgorithmSuite suite, byte flags, Span<byte> dataKey, out byte[] wrappedKey, out MessageKeyMaterial? material)
    {
        wrappedKey = [];
        material = null;
        var entry = Volatile.Read(ref _encryption);
        if (entry is null || entry.Version != version || !string.Equals(entry.KeyringId, keyringId, StringComparison.Ordinal))
        {
            return false;
        }

        lock (entry)
        {
            if (entry.Retired || Expired(entry) || entry.Messages + 1 > _options.MaxMessages || entry.Bytes + plaintextLength > _options.MaxBytes)
            {
                entry.Retire();
                return false;
            }

            entry.Messages++;
            entry.Bytes += plaintextLength;
            entry.Key.CopyTo(dataKey);
            wrappedKey = entry.Wrapped;
            material = entry.LeaseMaterial(suite, flags);
            return true;
        }
    }

    /// <summary>
    /// Makes a new data key current for encryption (counting its first message) and readable for
    /// decryption. The cache takes ownership of <paramref name="material"/> (the caller keeps its lease).
    /// </summary>
    public void StoreForEncryption(string keyringId, int version, ReadOnlySpan<byte> dataKey, byte[] wrappedKey, long plaintextLength, MessageKeyMaterial? material)
    {
        var entry = new Entry(keyringId, version, dataKey, wrappedKey, _time.GetUtcNow()) { Messages = 1, Bytes = plaintextLength, Material = material };
        var previous = Interlocked.Exchange(ref _encryption, entry);
        if (previous is not null)
        {
            lock (previous)
            {
                previous.Retire();
            }
        }

        StoreForDecryption(keyringId, version, dataKey, wrappedKey, null);
    }

    /// <summary>Copies a cached data key, and leases its derived material when it matches <paramref name="suite"/> and <paramref name="flags"/>.</summary>
    public bool TryGetForDecryption(string keyringId, int version, ReadOnlySpan<byte> wrappedKey, AlgorithmSuite suite, byte flags, Span<byte> dataKey, out MessageKeyMaterial? material)
    {
        material = null;
        if (!_decryptionBySpan.TryGetValue(wrappedKey, out var entry))
        {
            return false;
        }

        lock (entry)
        {
            if (entry.Retired || Expired(entry) || entry.Version != version || !string.Equals(entry.KeyringId, keyringId, StringComparison.Ordinal))
            {
                entry.Retire();
                _decryption.TryRemove(entry.Wrapped, out _);
                return false;
            }

            entry.Key.CopyTo(dataKey);
            material = entry.LeaseMaterial(suite, flags);
            return true;
        }
    }

    /// <summary>
    /// Keeps a data key for decryption, with its derived material if given. Returns whether the cache took
    /// ownership of <paramref name="material"/>; if not, the caller disposes it.
    /// </summary>
    public bool StoreForDecryption(string keyringId, int version, ReadOnlySpan<byte> dataKey, byte[] wrappedKey, MessageKeyMaterial? material)
    {
        if (_decryptionBySpan.TryGetValue(wrappedKey, out var existing))
        {
            lock (existing)
            {
                if (!existing.Retired && existing.Material is null && material is not null)
                {
                    existing.Material = material;
                    return true;
                }
            }

            return false;
        }

        if (_decryption.Count >= _options.MaxDecryptionEntries)
        {
            EvictOldest();
        }

        var entry = new Entry(keyringId, version, dataKey, wrappedKey, _time.GetUtcNow()) { Material = material };
        if (_decryption.TryAdd(wrappedKey, entry))
        {
            return true;
        }

        entry.Material = null;
        entry.Retire();
        return false;
    }

    /// <summary>Drops every cached key (after a key state change, or on dispose).</summary>
    public void Clear()
    {
        var current = Interlocked.Exchange(ref _encryption, null);
        if (current is not null)
        {
            lock (current)
            {
                current.Retire();
            }
        }

        foreach (var entry in _decryption.Values)
        {
            lock (entry)
            {
                entry.Retire();
            }
        }

        _decryption.Clear();
    }

    public void Dispose() => Clear();

    private bool Expired(Entry entry) => _time.GetUtcNow() - entry.CreatedAt >= _options.MaxAge;

    private void EvictOldest()
    {
        Entry? oldest = null;
        foreach (var entry in _decryption.Values)
        {
            if (oldest is null || entry.CreatedAt < oldest.CreatedAt)
            {
                oldest = entry;
            }
        }

        if (oldest is not null && _decryption.TryRemove(oldest.Wrapped, out _))
        {
            lock (oldest)
            {
                oldest.Retire();
            }
        }
    }

    private sealed class Entry
    {
        public Entry(string keyringId, int version, ReadOnlySpan<byte> key, byte[] wrapped, DateTimeOffset createdAt)
        {
            KeyringId = keyringId;
            Version = version;
            Key = GC.AllocateArray<byte>(key.Length, pinned: true);
            key.CopyTo(Key);
            Wrapped = wrapped;
            CreatedAt = createdAt;
        }

        public string KeyringId { get; }

        public int Version { get; }

        public byte[] Key { get; }

        public byte[] Wrapped { get; }

        public DateTimeOffset CreatedAt { get; }

        public long Messages { get; set; }

        public long Bytes { get; set; }

        public bool Retired { get; private set; }

        public MessageKeyMaterial? Material { get; set; }

        /// <summary>Leases the derived material when it fits; called under the entry's lock.</summary>
        public MessageKeyMaterial? LeaseMaterial(AlgorithmSuite suite, byte flags) =>
            Material is { } material && material.Matches(suite, flags) && material.TryAcquire() ? material : null;

        public void Retire()
        {
            Retired = true;
            CryptographicOperations.ZeroMemory(Key);
            Material?.Dispose();
            Material = null;
        }
    }

    private sealed class WrappedKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly WrappedKeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = default(HashCode);
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
