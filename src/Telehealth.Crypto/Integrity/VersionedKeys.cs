namespace Telehealth.Crypto;

/// <summary>
/// An immutable snapshot of versioned keys with one primary. Key sets swap whole snapshots, so
/// readers on the hot path take no lock and see either the old or the new set, never a mix.
/// </summary>
internal sealed class VersionedKeys<TKey>
    where TKey : class
{
    private readonly TKey[] _keys;
    private readonly uint[] _versions;

    private VersionedKeys(TKey[] keys, uint[] versions, TKey primary, uint primaryVersion)
    {
        _keys = keys;
        _versions = versions;
        Primary = primary;
        PrimaryVersion = primaryVersion;
    }

    public TKey Primary { get; }

    public uint PrimaryVersion { get; }

    public IReadOnlyList<uint> Versions => _versions;

    public static VersionedKeys<TKey> Create(IEnumerable<TKey> keys, Func<TKey, uint> version, uint primaryVersion)
    {
        var list = new List<TKey>();
        var versions = new List<uint>();
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            var v = version(key);
            if (versions.Contains(v))
            {
                throw Errors.DuplicateKeyVersion(v);
            }

            list.Add(key);
            versions.Add(v);
        }

        var index = versions.IndexOf(primaryVersion);
        if (index < 0)
        {
            throw Errors.EmptyKeySet();
        }

        return new VersionedKeys<TKey>([.. list], [.. versions], list[index], primaryVersion);
    }

    public TKey? Find(uint version)
    {
        var versions = _versions;
        for (var i = 0; i < versions.Length; i++)
        {
            if (versions[i] == version)
            {
                return _keys[i];
            }
        }

        return null;
    }

    public VersionedKeys<TKey> With(TKey key, uint version)
    {
        if (Find(version) is not null)
        {
            throw Errors.DuplicateKeyVersion(version);
        }

        return new VersionedKeys<TKey>([.. _keys, key], [.. _versions, version], Primary, PrimaryVersion);
    }

    public VersionedKeys<TKey> Promote(uint version)
    {
        var key = Find(version) ?? throw Errors.UnknownKeyVersion(version);
        return new VersionedKeys<TKey>(_keys, _versions, key, version);
    }

    public VersionedKeys<TKey> Without(uint version)
    {
        if (version == PrimaryVersion)
        {
            throw Errors.PrimaryKeyRemoval(version);
        }

        var index = Array.IndexOf(_versions, version);
        if (index < 0)
        {
            throw Errors.UnknownKeyVersion(version);
        }

        var keys = _keys.Where((_, i) => i != index).ToArray();
        var versions = _versions.Where((_, i) => i != index).ToArray();
        return new VersionedKeys<TKey>(keys, versions, Primary, PrimaryVersion);
    }
}
