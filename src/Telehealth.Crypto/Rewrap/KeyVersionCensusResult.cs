namespace Telehealth.Crypto;

/// <summary>The result of a key-version census: evidence of which versions stored data still needs.</summary>
public sealed record KeyVersionCensusResult
{
    /// <summary>Gets the counts per keyring version, ordered by keyring and version.</summary>
    public required IReadOnlyList<KeyVersionCount> Versions { get; init; }

    /// <summary>Gets the number of envelopes read.</summary>
    public required long Total { get; init; }

    /// <summary>Gets the number of stored values that are not readable envelope headers.</summary>
    public required long Unreadable { get; init; }

    /// <summary>Gets when the census finished.</summary>
    public required DateTimeOffset TakenAt { get; init; }

    /// <summary>Gets how many envelopes a version wraps.</summary>
    /// <param name="keyringId">The keyring.</param>
    /// <param name="version">The version.</param>
    /// <returns>The count, 0 when none.</returns>
    public long RecordsOn(string keyringId, int version) =>
        Versions.FirstOrDefault(v => v.Version == version && string.Equals(v.KeyringId, keyringId, StringComparison.Ordinal))?.Records ?? 0;
}
