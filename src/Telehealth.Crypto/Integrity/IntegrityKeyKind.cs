namespace Telehealth.Crypto;

/// <summary>What a named key set of an <see cref="IntegrityKeyStore"/> holds; fixed when the set is created.</summary>
public enum IntegrityKeyKind
{
    /// <summary>HMAC-SHA256 keys, used as an <see cref="HmacKeySet"/>.</summary>
    Hmac = 1,

    /// <summary>Pseudonym token keys, used as a <see cref="Tokenizer"/>.</summary>
    Tokenization = 2,

    /// <summary>Ed25519 signing keys.</summary>
    Ed25519Signing = 3,

    /// <summary>ECDSA P-256 signing keys.</summary>
    EcdsaP256Signing = 4,
}
