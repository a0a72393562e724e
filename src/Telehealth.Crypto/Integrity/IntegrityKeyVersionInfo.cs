namespace Telehealth.Crypto;

/// <summary>One version of a named key set of an <see cref="IntegrityKeyStore"/>.</summary>
/// <param name="Version">The version number.</param>
/// <param name="CreatedAt">When the version was created, for rotation schedules and key-age evidence.</param>
public sealed record IntegrityKeyVersionInfo(uint Version, DateTimeOffset CreatedAt);
