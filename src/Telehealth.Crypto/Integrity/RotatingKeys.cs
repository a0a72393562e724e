namespace Telehealth.Crypto;

/// <summary>
/// The mutable side of a versioned key set: changes are serialized and publish a new immutable
/// <see cref="VersionedKeys{TKey}"/> snapshot, so readers take no lock and allocate nothing.
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
internal sealed class RotatingKeys<TKey>
    where TKey : class
{
    private readonly Lock _gate = new();
    private readonly Func<TKey, uint> _versionOf;
    private volatile VersionedKeys<TKey> _current;

    public RotatingKeys(IEnumerable<TKey> keys, Func<TKey, uint> versionOf, uint primaryVersion)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _versionOf = versionOf;
        _current = VersionedKeys<TKey>.Create(keys, versionOf, primaryVersion);
    }

    /// <summary>Gets the current snapshot; read it once per operation.</summary>
    public VersionedKeys<TKey> Current => _current;

    public void Add(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            _current = _current.With(key, _versionOf(key));
        }
    }

    public void Promote(uint version)
    {
        lock (_gate)
        {
            _current = _current.Promote(version);
        }
    }

    public void Remove(uint version)
    {
        lock (_gate)
        {
            _current = _current.Without(version);
        }
    }
}
