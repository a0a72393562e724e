namespace Telehealth.Crypto;

/// <summary>
/// The signature algorithms of detached signatures. The numeric value is the algorithm id byte
/// on the wire and never changes.
/// </summary>
public enum SigningAlgorithm : byte
{
    /// <summary>Ed25519 (RFC 8032, pure, no pre-hash); 32-byte public keys, 64-byte signatures.</summary>
    Ed25519 = 1,

    /// <summary>ECDSA on NIST P-256 with SHA-256; IEEE P1363 signatures (r || s, 32 bytes each).</summary>
    EcdsaP256Sha256 = 2,
}
