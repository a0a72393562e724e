namespace Telehealth.Crypto;

/// <summary>One version of a key-encryption key as the keyring store records it. Holds no key material.</summary>
public sealed record KeyEncryptionKeyVersion
{
    /// <summary>Gets the version number, starting at 1.</summary>
    public required int Version { get; init; }

    /// <summary>Gets the state of the version.</summary>
    public required KeyEncryptionKeyState State { get; init; }

    /// <summary>Gets the name of the <see cref="IKeyEncryptionKeyProvider"/> that holds the key.</summary>
    public required string Provider { get; init; }

    /// <summary>
    /// Gets the provider's reference to the key: an HSM object id, a KMS key ARN, or for the local
    /// provider the key sealed under the master key. Never the raw key. Empty once destroyed.
    /// </summary>
    public required string ProviderReference { get; init; }

    /// <summary>Gets when the version was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the version became primary, if it has been.</summary>
    public DateTimeOffset? PromotedAt { get; init; }

    /// <summary>Gets when the state last changed.</summary>
    public required DateTimeOffset StateChangedAt { get; init; }

    /// <summary>
    /// Gets how many wraps (data keys, subject keys, integrity keys) the nodes have reserved under this
    /// version: an upper bound of the keys it has wrapped, held below <see cref="KeyringOptions.MaxWrapsPerVersion"/>.
    /// </summary>
    public long WrapsReserved { get; init; }

    /// <summary>Describes the version without its provider reference.</summary>
    /// <returns>The version, state and provider.</returns>
    public override string ToString() => $"v{Version} {State} ({Provider})";
}
