using System.Security.Cryptography;
using NSec.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// A trusted public key with a key id, for verifying detached signatures. Ed25519 keys are
/// imported and exported as the raw 32-byte key; ECDSA keys as DER SubjectPublicKeyInfo and only
/// on NIST P-256.
/// </summary>
public sealed class VerificationKey : IDisposable
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private readonly PublicKey? _ed25519;
    private readonly ECDsa? _ecdsa;
    private readonly byte[] _keyIdBytes;
    private bool _disposed;

    private VerificationKey(string keyId, byte[] keyIdBytes, PublicKey? ed25519, ECDsa? ecdsa)
    {
        KeyId = keyId;
        _keyIdBytes = keyIdBytes;
        _ed25519 = ed25519;
        _ecdsa = ecdsa;
        Algorithm = ed25519 is not null ? SigningAlgorithm.Ed25519 : SigningAlgorithm.EcdsaP256Sha256;
    }

    /// <summary>Gets the key id that signatures name to select this key.</summary>
    public string KeyId { get; }

    /// <summary>Gets the algorithm of the key.</summary>
    public SigningAlgorithm Algorithm { get; }

    internal ReadOnlySpan<byte> KeyIdBytes => _keyIdBytes;

    /// <summary>Imports a public key in the format of its algorithm.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="keyId">The key id: 1–64 characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'.</param>
    /// <param name="publicKey">The raw 32-byte Ed25519 key, or the DER SubjectPublicKeyInfo of a P-256 key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CryptoException">TH2075: the bytes are not a valid key; TH2076: an ECDSA key is not on P-256.</exception>
    public static VerificationKey Import(SigningAlgorithm algorithm, string keyId, ReadOnlySpan<byte> publicKey) => algorithm switch
    {
        SigningAlgorithm.Ed25519 => ImportEd25519(keyId, publicKey),
        SigningAlgorithm.EcdsaP256Sha256 => ImportEcdsaP256(keyId, publicKey),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signing algorithm."),
    };

    /// <summary>Imports a raw 32-byte Ed25519 public key.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="publicKey">The 32-byte public key.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CryptoException">TH2075: the bytes are not a valid Ed25519 public key.</exception>
    public static VerificationKey ImportEd25519(string keyId, ReadOnlySpan<byte> publicKey)
    {
        var id = DetachedSignature.EncodeKeyId(keyId, nameof(keyId));
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            throw Errors.InvalidPublicKey(SigningAlgorithm.Ed25519);
        }

        return new VerificationKey(keyId, id, key, null);
    }

    /// <summary>Imports an ECDSA P-256 public key from its DER SubjectPublicKeyInfo.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="subjectPublicKeyInfo">The DER-encoded SubjectPublicKeyInfo.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CryptoException">TH2075: the bytes are not a valid public key; TH2076: the key is not on P-256.</exception>
    public static VerificationKey ImportEcdsaP256(string keyId, ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var id = DetachedSignature.EncodeKeyId(keyId, nameof(keyId));
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw Errors.InvalidPublicKey(SigningAlgorithm.EcdsaP256Sha256);
            }

            RequireP256(ecdsa);
            return new VerificationKey(keyId, id, null, ecdsa);
        }
        catch (CryptographicException ex)
        {
            ecdsa.Dispose();
            throw Errors.InvalidPublicKey(SigningAlgorithm.EcdsaP256Sha256, ex);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    /// <summary>Exports the public key: raw 32 bytes for Ed25519, DER SubjectPublicKeyInfo for ECDSA P-256.</summary>
    /// <returns>The public key bytes.</returns>
    public byte[] Export()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _ed25519 is not null ? _ed25519.Export(KeyBlobFormat.RawPublicKey) : _ecdsa!.ExportSubjectPublicKeyInfo();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _ecdsa?.Dispose();
    }

    /// <summary>Describes the key by algorithm and key id.</summary>
    /// <returns>A description without key bytes.</returns>
    public override string ToString() => $"VerificationKey {Algorithm} {KeyId}";

    internal static VerificationKey FromEd25519(string keyId, byte[] keyIdBytes, PublicKey key) => new(keyId, keyIdBytes, key, null);

    internal static VerificationKey FromEcdsa(string keyId, byte[] keyIdBytes, ECDsa privateKey)
    {
        var ecdsa = ECDsa.Create(privateKey.ExportParameters(includePrivateParameters: false));
        return new VerificationKey(keyId, keyIdBytes, null, ecdsa);
    }

    internal static void RequireP256(ECDsa ecdsa)
    {
        var curve = ecdsa.ExportParameters(includePrivateParameters: false).Curve;
        var named = curve.IsNamed && (curve.Oid.Value == P256Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1");
        if (!named || ecdsa.KeySize != 256)
        {
            throw Errors.UnsupportedCurve();
        }
    }

    internal bool VerifyRaw(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _ed25519 is not null
            ? SignatureAlgorithm.Ed25519.Verify(_ed25519, data, signature)
            : _ecdsa!.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
