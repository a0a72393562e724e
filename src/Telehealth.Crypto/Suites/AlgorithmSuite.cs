using System.Collections.Frozen;

namespace Telehealth.Crypto;

/// <summary>
/// An algorithm suite of the envelope format: the AEAD that encrypts the data, the key derivation that
/// turns a data key into a per-message key and a key commitment, and the sizes on the wire. Suites are
/// immutable singletons identified by the byte stored in every envelope, so data written under any
/// suite stays readable when new suites are added.
/// </summary>
public sealed class AlgorithmSuite
{
    private static readonly FrozenDictionary<byte, AlgorithmSuite> ById;

    static AlgorithmSuite()
    {
        Aes256GcmHkdfSha256 = new AlgorithmSuite(0x01, "AES-256-GCM/HKDF-SHA256/commit", aeadNonceSize: 12);
        XChaCha20Poly1305HkdfSha256 = new AlgorithmSuite(0x02, "XChaCha20-Poly1305/HKDF-SHA256/commit", aeadNonceSize: 24);
        All = [Aes256GcmHkdfSha256, XChaCha20Poly1305HkdfSha256];
        ById = All.ToFrozenDictionary(s => s.Id);
    }

    private AlgorithmSuite(byte id, string name, int aeadNonceSize)
    {
        Id = id;
        Name = name;
        AeadNonceSize = aeadNonceSize;
    }

    /// <summary>
    /// Gets the default suite (id <c>0x01</c>): AES-256-GCM with a random 12-byte nonce per message, under a
    /// key derived with HKDF-SHA256 from the data key (and the subject key, if any) with an empty salt and
    /// the info <c>"THEV1 keys" ‖ suite id ‖ flags</c>, which also yields the 32-byte key commitment
    /// (FORMAT.md, "Key derivation and associated data"). The only suite of segmented streams.
    /// </summary>
    public static AlgorithmSuite Aes256GcmHkdfSha256 { get; }

    /// <summary>
    /// Gets the XChaCha20-Poly1305 suite (id <c>0x02</c>): the IETF XChaCha20-Poly1305 of
    /// draft-irtf-cfrg-xchacha (libsodium's <c>crypto_aead_xchacha20poly1305_ietf</c>, through NSec) with a
    /// random 24-byte nonce per message, and the same key derivation and key commitment as the default suite.
    /// </summary>
    public static AlgorithmSuite XChaCha20Poly1305HkdfSha256 { get; }

    /// <summary>Gets every suite this version can read, in id order.</summary>
    public static IReadOnlyList<AlgorithmSuite> All { get; }

    /// <summary>Gets the byte that identifies the suite on the wire.</summary>
    public byte Id { get; }

    /// <summary>Gets the descriptive name of the suite.</summary>
    public string Name { get; }

    /// <summary>Gets the size in bytes of the AEAD nonce: random for every message and stored in its envelope header.</summary>
    public int AeadNonceSize { get; }

    /// <summary>Gets the size in bytes of the authentication tag (16 for every suite).</summary>
    public int TagSize { get; } = 16;

    /// <summary>Finds a suite by its wire id.</summary>
    /// <param name="id">The suite id read from an envelope.</param>
    /// <param name="suite">The suite, when the id is known.</param>
    /// <returns><see langword="true"/> when the id names a suite of this version.</returns>
    public static bool TryFromId(byte id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AlgorithmSuite? suite) =>
        ById.TryGetValue(id, out suite);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} (0x{Id:x2})";
}
