namespace Telehealth.Crypto;

/// <summary>
/// The result of a key-version census: evidence of which key-encryption key versions stored records and
/// keys still need, per source. A class, not a record: it holds lists, which a record would compare by
/// reference.
/// </summary>
public sealed class KeyVersionCensusResult
{
    /// <summary>Gets the counts per source and keyring version, ordered by keyring, version and source.</summary>
    public required IReadOnlyList<KeyVersionCount> Versions { get; init; }

    /// <summary>Gets what was read from each source, in the order the sources were read.</summary>
    public required IReadOnlyList<KeyVersionCensusSource> Sources { get; init; }

    /// <summary>Gets the number of values read, over every source.</summary>
    public long Total => Sources.Sum(s => s.Total);

    /// <summary>Gets the number of values that are not readable envelope headers or key files, over every source.</summary>
    public long Unreadable => Sources.Sum(s => s.Unreadable);

    /// <summary>Gets the number of envelopes whose subject key was destroyed, over every source.</summary>
    public long Shredded => Sources.Sum(s => s.Shredded);

    /// <summary>
    /// Gets, for a keyring's census, the wraps each of its versions has reserved against
    /// <see cref="KeyringOptions.MaxWrapsPerVersion"/>; empty for a census of one store.
    /// </summary>
    public IReadOnlyList<KeyWrapCount> Wraps { get; init; } = [];

    /// <summary>Gets when the census finished.</summary>
    public required DateTimeOffset TakenAt { get; init; }

    /// <summary>Gets how many records and keys a version wraps, over every source.</summary>
    /// <param name="keyringId">The keyring.</param>
    /// <param name="version">The version.</param>
    /// <returns>The count, 0 when none.</returns>
    public long RecordsOn(string keyringId, int version) =>
        Versions.Where(v => v.Version == version && string.Equals(v.KeyringId, keyringId, StringComparison.Ordinal)).Sum(v => v.Records);

    /// <summary>Describes the census by counts only.</summary>
    /// <returns>The totals and the counts per version and source.</returns>
    public override string ToString() =>
        $"KeyVersionCensus({Total} read, {Unreadable} unreadable, {Shredded} shredded: {string.Join(", ", Versions.Select(v => $"{v.KeyringId} v{v.Version} {v.Source} {v.Records}"))})";
}
