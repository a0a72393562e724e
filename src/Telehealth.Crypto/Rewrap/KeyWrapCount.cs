namespace Telehealth.Crypto;

/// <summary>How many wraps a key-encryption key version has reserved, against its bound.</summary>
/// <param name="KeyringId">The keyring.</param>
/// <param name="Version">The version.</param>
/// <param name="Reserved">Wraps reserved by every node so far: an upper bound of the keys it has wrapped.</param>
/// <param name="Limit">The bound (<see cref="KeyringOptions.MaxWrapsPerVersion"/>); wrapping stops there (TH2102).</param>
public sealed record KeyWrapCount(string KeyringId, int Version, long Reserved, long Limit);
