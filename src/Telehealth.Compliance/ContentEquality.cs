namespace Telehealth.Compliance;

/// <summary>
/// Equality by contents for the records that hold lists or dictionaries: a record's own equality would compare those by
/// reference, so two vendors with the same services in two lists would differ.
/// </summary>
internal static class ContentEquality
{
    public static bool Lists<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b));

    public static bool Maps<TKey, TValue>(IReadOnlyDictionary<TKey, TValue>? a, IReadOnlyDictionary<TKey, TValue>? b)
        where TKey : notnull =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.Count == b.Count
            && a.All(p => b.TryGetValue(p.Key, out var value) && EqualityComparer<TValue>.Default.Equals(p.Value, value)));

    /// <summary>Adds the items of a list to a hash, in order.</summary>
    public static void AddList<T>(ref HashCode hash, IReadOnlyList<T>? list)
    {
        hash.Add(list?.Count ?? -1);
        foreach (var item in list ?? [])
        {
            hash.Add(item);
        }
    }

    /// <summary>Adds the entries of a dictionary to a hash, whatever their order.</summary>
    public static void AddMap<TKey, TValue>(ref HashCode hash, IReadOnlyDictionary<TKey, TValue>? map)
        where TKey : notnull
    {
        hash.Add(map?.Count ?? -1);
        var sum = 0;
        foreach (var (key, value) in map ?? new Dictionary<TKey, TValue>())
        {
            sum ^= HashCode.Combine(key, value);
        }

        hash.Add(sum);
    }
}
