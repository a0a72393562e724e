using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// Cached data keys with hard limits. Keys live in pinned arrays and are zeroed when retired; every read
/// copies the key out under the entry's lock, so retiring never races a reader into a zeroed key.
/// </summary>
/// <remarks>
/// A data key serves one tenant only: the key encrypting for a tenant is looked up by tenant, and a
/// cached key decrypts only for the tenant it was made for, so one exposed key never covers two.
/// Entries are kept in the order they were made: a timer retires each at <see cref="DataKeyCachingOptions.MaxAge"/>
/// whether or not it is used again, and past <see cref="DataKeyCachingOptions.MaxDecryptionEntries"/>
/// the oldest leaves first, without a scan.
/// </remarks>
internal sealed class DataKeyCache : IDisposable
{
    private readonly DataKeyCachingOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Entry> _encryption = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<byte[], Entry> _decryption = new(WrappedKeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> _decryptionBySpan;
    private readonly Lock _orderLock = new();
    private readonly Queue<Entry> _order = new();
    private ITimer? _expiry;
    private int _count;
    private bool _disposed;

    public DataKeyCache(DataKeyCachingOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _decryptionBySpan = _decryption.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public bool Enabled => _options.Enabled;

    /// <summary>Gets how many data keys the cache holds.</summary>
    internal int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Copies the tenant's current encryption key for <paramref name="version"/> and counts the message;
    /// also leases its derived material when it was derived for <paramref name="suite"/> and <paramref name="flags"/>.
    /// </summary>
    public bool TryUseForEncryption(string keyringId, int version, string tenant, long plaintextLength, AlgorithmSuite suite, byte flags, Span<byte> dataKey, out byte[] wrappedKey, out MessageKeyMaterial? material)
    {
        wrappedKey = [];
        material = null;
        if (!_encryption.TryGetValue(tenant, out var entry) || entry.Version != version || !string.Equals(entry.KeyringId, keyringId, StringComparison.Ordinal))
        {
            return false;
        }

        lock (entry)
        {
            if (entry.Retired || entry.EncryptionClosed || Expired(entry) || entry.Messages + 1 > _options.MaxMessages || entry.Bytes + plaintextLength > _options.MaxBytes)
            {
                // No more messages under this key; it still decrypts what it encrypted until it expires.
                entry.EncryptionClosed = true;
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
    /// Makes a new data key the tenant's current one for encryption (counting its first message) and
    /// readable for decryption. The cache takes ownership of <paramref name="material"/> (the caller keeps its lease).
    /// </summary>
    public void StoreForEncryption(string keyringId, int version, string tenant, ReadOnlySpan<byte> dataKey, byte[] wrappedKey, long plaintextLength, MessageKeyMaterial? material)
    {
        var entry = new Entry(keyringId, version, tenant, dataKey, wrappedKey, _time.GetUtcNow()) { Messages = 1, Bytes = plaintextLength, Material = material };
        if (!Add(entry))
        {
            // Not kept (the cache is being disposed): the material it was given is released with it.
            lock (entry)
            {
                entry.Retire();
            }

            return;
        }

        var previous = _encryption.GetValueOrDefault(tenant);
        _encryption[tenant] = entry;
        if (previous is not null)
        {
            lock (previous)
            {
                previous.EncryptionClosed = true;
            }
        }
    }

    /// <summary>
    /// Copies a cached data key made for <paramref name="tenant"/>, and leases its derived material when
    /// it matches <paramref name="suite"/> and <paramref name="flags"/>. A key of another tenant, keyring
    /// or version is a miss, and stays cached for its own.
    /// </summary>
    public bool TryGetForDecryption(string keyringId, int version, string tenant, ReadOnlySpan<byte> wrappedKey, AlgorithmSuite suite, byte flags, Span<byte> dataKey, out MessageKeyMaterial? material)
    {
        material = null;
        if (!_decryptionBySpan.TryGetValue(wrappedKey, out var entry)
            || entry.Version != version
            || !string.Equals(entry.KeyringId, keyringId, StringComparison.Ordinal)
            || !string.Equals(entry.Tenant, tenant, StringComparison.Ordinal))
        {
            return false;
        }

        lock (entry)
        {
            if (entry.Retired || Expired(entry))
            {
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
    public bool StoreForDecryption(string keyringId, int version, string tenant, ReadOnlySpan<byte> dataKey, byte[] wrappedKey, MessageKeyMaterial? material)
    {
        if (_decryptionBySpan.TryGetValue(wrappedKey, out var existing))
        {
            lock (existing)
            {
                if (!existing.Retired && existing.Material is null && material is not null && string.Equals(existing.Tenant, tenant, StringComparison.Ordinal))
                {
                    existing.Material = material;
                    return true;
                }
            }

            return false;
        }

        var entry = new Entry(keyringId, version, tenant, dataKey, wrappedKey, _time.GetUtcNow()) { Material = material };
        if (Add(entry))
        {
            return true;
        }

        entry.Material = null;
        lock (entry)
        {
            entry.Retire();
        }

        return false;
    }

    /// <summary>Drops every cached key (after a key state change, or on dispose).</summary>
    public void Clear()
    {
        lock (_orderLock)
        {
            while (_order.TryDequeue(out var entry))
            {
                Remove(entry);
            }

            _expiry?.Dispose();
            _expiry = null;
        }
    }

    public void Dispose()
    {
        lock (_orderLock)
        {
            _disposed = true;
        }

        Clear();
    }

    private bool Expired(Entry entry) => _time.GetUtcNow() - entry.CreatedAt >= _options.MaxAge;

    /// <summary>Adds an entry at the end of the order, making room first and arming the expiry timer; <see langword="false"/> when the wrapped key is cached already.</summary>
    private bool Add(Entry entry)
    {
        lock (_orderLock)
        {
            if (_disposed || !_decryption.TryAdd(entry.Wrapped, entry))
            {
                return false;
            }

            _count++;
            _order.Enqueue(entry);
            while (_count > _options.MaxDecryptionEntries && _order.TryDequeue(out var oldest))
            {
                Remove(oldest);
            }

            if (_expiry is null)
            {
                _expiry = _time.CreateTimer(static state => ((DataKeyCache)state!).RetireExpired(), this, DueIn(entry), Timeout.InfiniteTimeSpan);
            }

            return true;
        }
    }

    /// <summary>The timer: retires the entries at the front that reached their age, then waits for the next one.</summary>
    private void RetireExpired()
    {
        lock (_orderLock)
        {
            while (_order.TryPeek(out var oldest) && (oldest.Retired || Expired(oldest)))
            {
                _order.Dequeue();
                Remove(oldest);
            }

            if (_order.TryPeek(out var next) && !_disposed)
            {
                _expiry?.Change(DueIn(next), Timeout.InfiniteTimeSpan);
            }
            else
            {
                _expiry?.Dispose();
                _expiry = null;
            }
        }
    }

    private TimeSpan DueIn(Entry entry)
    {
        var due = entry.CreatedAt + _options.MaxAge - _time.GetUtcNow();
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    /// <summary>Retires an entry and forgets it; called once per entry, under the order lock.</summary>
    private void Remove(Entry entry)
    {
        if (_decryption.TryRemove(new KeyValuePair<byte[], Entry>(entry.Wrapped, entry)))
        {
            _count--;
        }

        _encryption.TryRemove(new KeyValuePair<string, Entry>(entry.Tenant, entry));
        lock (entry)
        {
            entry.Retire();
        }
    }

    private sealed class Entry
    {
        public Entry(string keyringId, int version, string tenant, ReadOnlySpan<byte> key, byte[] wrapped, DateTimeOffset createdAt)
        {
            KeyringId = keyringId;
            Version = version;
            Tenant = tenant;
            Key = GC.AllocateArray<byte>(key.Length, pinned: true);
            key.CopyTo(Key);
            Wrapped = wrapped;
            CreatedAt = createdAt;
        }

        public string KeyringId { get; }

        public int Version { get; }

        public string Tenant { get; }

        public byte[] Key { get; }

        public byte[] Wrapped { get; }

        public DateTimeOffset CreatedAt { get; }

        public long Messages { get; set; }

        public long Bytes { get; set; }

        /// <summary>Gets or sets whether the key encrypts no more messages (a limit was reached, or a newer key took over); it still decrypts.</summary>
        public bool EncryptionClosed { get; set; }

        public bool Retired { get; private set; }

        public MessageKeyMaterial? Material { get; set; }

        /// <summary>Leases the derived material when it fits; called under the entry's lock.</summary>
        public MessageKeyMaterial? LeaseMaterial(AlgorithmSuite suite, byte flags) =>
            Material is { } material && material.Matches(suite, flags) && material.TryAcquire() ? material : null;

        public void Retire()
        {
            Retired = true;
            EncryptionClosed = true;
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
