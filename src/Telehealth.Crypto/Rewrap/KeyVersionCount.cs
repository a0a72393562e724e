namespace Telehealth.Crypto;

/// <summary>How many stored envelopes a key-encryption key version wraps.</summary>
/// <param name="KeyringId">The keyring.</param>
/// <param name="Version">The version.</param>
/// <param name="Records">The number of envelopes.</param>
public sealed record KeyVersionCount(string KeyringId, int Version, long Records);
