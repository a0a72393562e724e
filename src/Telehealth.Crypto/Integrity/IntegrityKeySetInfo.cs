namespace Telehealth.Crypto;

/// <summary>What an <see cref="IntegrityKeyStore"/> holds under one name, without any key material.</summary>
/// <param name="Name">The name of the key set.</param>
/// <param name="Kind">What the keys are for.</param>
/// <param name="PrimaryVersion">The version that computes new tags, tokens or signatures.</param>
/// <param name="Versions">Every version kept (older ones still verify), with when it was created, oldest first.</param>
public sealed record IntegrityKeySetInfo(string Name, IntegrityKeyKind Kind, uint PrimaryVersion, IReadOnlyList<IntegrityKeyVersionInfo> Versions)
{
    /// <summary>Compares every field, and the versions in order, by value.</summary>
    /// <param name="other">The other description.</param>
    /// <returns>Whether both describe the same key set.</returns>
    public bool Equals(IntegrityKeySetInfo? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && Kind == other.Kind && PrimaryVersion == other.PrimaryVersion && Versions.SequenceEqual(other.Versions);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Kind, PrimaryVersion, Versions.Count);
}
