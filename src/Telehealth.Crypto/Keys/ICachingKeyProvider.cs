namespace Telehealth.Crypto;

/// <summary>
/// A key provider that keeps usable key-encryption keys in memory (the local provider keeps them
/// unsealed). The keyring tells it to drop a key once its version can no longer decrypt, so a retired
/// key does not stay in memory for the provider's lifetime.
/// </summary>
internal interface ICachingKeyProvider
{
    /// <summary>Drops and wipes the key held for <paramref name="providerReference"/>, if any.</summary>
    void Forget(string providerReference);
}
