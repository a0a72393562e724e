namespace Telehealth.Crypto;

/// <summary>How many records or keys of one source a key-encryption key version wraps.</summary>
/// <param name="Source">What holds them: <c>records</c> (or the name an envelope store was registered with), <c>subject keys</c> or <c>integrity keys</c>.</param>
/// <param name="KeyringId">The keyring.</param>
/// <param name="Version">The version.</param>
/// <param name="Records">The number of envelopes or keys.</param>
public sealed record KeyVersionCount(string Source, string KeyringId, int Version, long Records);
