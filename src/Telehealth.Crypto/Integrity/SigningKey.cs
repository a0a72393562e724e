using System.Security.Cryptography;
using NSec.Cryptography;

namespace Telehealth.Crypto;

/// <summary>
/// A private key with a key id that makes detached signatures for e-prescriptions, orders and
/// other documents. Ed25519 keys live in NSec's protected memory, ECDSA P-256 keys in the platform
/// crypto library; neither is shown by <see cref="ToString"/>, and the private key leaves the
/// object only through <see cref="ExportPrivateKey"/> when the key was created with
/// <see cref="PrivateKeyExportPolicy.AllowPlaintextExport"/>.
/// </summary>
/// <remarks>
/// A signature value is: format byte <c>0x01</c>, algorithm id, key id length, key id (ASCII),
/// then the 64-byte signature of the data (Ed25519, or ECDSA P-256/SHA-256 as r || s).
/// See FORMAT.md, Integrity.
/// </remarks>
public sealed class SigningKey : IDisposable
{
    private readonly Key? _ed25519;
    private readonly ECDsa? _ecdsa;
    private readonly byte[] _keyIdBytes;

    private SigningKey(string keyId, byte[] keyIdBytes, Key? ed25519, ECDsa? ecdsa, PrivateKeyExportPolicy exportPolicy)
    {
        KeyId = keyId;
        _keyIdBytes = keyIdBytes;
        _ed25519 = ed25519;
        _ecdsa = ecdsa;
        ExportPolicy = exportPolicy;
        Algorithm = ed25519 is not null ? SigningAlgorithm.Ed25519 : SigningAlgorithm.EcdsaP256Sha256;
        PublicKey = ed25519 is not null
            ? VerificationKey.FromEd25519(keyId, keyIdBytes, ed25519.PublicKey)
            : VerificationKey.FromEcdsa(keyId, keyIdBytes, ecdsa!);
    }

    /// <summary>Gets the key id written into every signature, which verifiers use to find the public key.</summary>
    public string KeyId { get; }

    /// <summary>Gets the signature algorithm.</summary>
    public SigningAlgorithm Algorithm { get; }

    /// <summary>Gets the export policy the key was created with.</summary>
    public PrivateKeyExportPolicy ExportPolicy { get; }

    /// <summary>Gets the public half, to distribute to verifiers. It is disposed with this key.</summary>
    public VerificationKey PublicKey { get; }

    /// <summary>Gets the size in bytes of every signature value this key makes.</summary>
    public int SignatureSize => DetachedSignature.Size(_keyIdBytes.Length);

    /// <summary>Creates a new random key.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="keyId">The key id: 1–64 characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'.</param>
    /// <param name="exportPolicy">Whether the private key may be exported; by default it may not.</param>
    /// <returns>The key.</returns>
    public static SigningKey Generate(SigningAlgorithm algorithm, string keyId, PrivateKeyExportPolicy exportPolicy = PrivateKeyExportPolicy.None)
    {
        var id = DetachedSignature.EncodeKeyId(keyId, nameof(keyId));
        return algorithm switch
        {
            SigningAlgorithm.Ed25519 => new SigningKey(keyId, id, Key.Create(SignatureAlgorithm.Ed25519, Parameters(exportPolicy)), null, exportPolicy),
            SigningAlgorithm.EcdsaP256Sha256 => new SigningKey(keyId, id, null, ECDsa.Create(ECCurve.NamedCurves.nistP256), exportPolicy),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signing algorithm."),
        };
    }

    /// <summary>Imports an Ed25519 private key from its 32-byte seed (the RFC 8032 secret key); the caller should wipe its copy.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="seed">The 32-byte seed.</param>
    /// <param name="exportPolicy">Whether the private key may be exported again.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CryptoException">TH2078: the bytes are not a valid Ed25519 private key.</exception>
    public static SigningKey ImportEd25519(string keyId, ReadOnlySpan<byte> seed, PrivateKeyExportPolicy exportPolicy = PrivateKeyExportPolicy.None)
    {
        var id = DetachedSignature.EncodeKeyId(keyId, nameof(keyId));
        if (!Key.TryImport(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, out var key, Parameters(exportPolicy)) || key is null)
        {
            throw Errors.InvalidPrivateKey(SigningAlgorithm.Ed25519);
        }

        return new SigningKey(keyId, id, key, null, exportPolicy);
    }

    /// <summary>Imports an ECDSA P-256 private key from DER PKCS#8; the caller should wipe its copy.</summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="pkcs8PrivateKey">The unencrypted PKCS#8 PrivateKeyInfo.</param>
    /// <param name="exportPolicy">Whether the private key may be exported again.</param>
    /// <returns>The key.</returns>
    /// <exception cref="CryptoException">TH2078: the bytes are not a valid private key; TH2076: the key is not on P-256.</exception>
    public static SigningKey ImportEcdsaP256(string keyId, ReadOnlySpan<byte> pkcs8PrivateKey, PrivateKeyExportPolicy exportPolicy = PrivateKeyExportPolicy.None)
    {
        var id = DetachedSignature.EncodeKeyId(keyId, nameof(keyId));
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(pkcs8PrivateKey, out var read);
            if (read != pkcs8PrivateKey.Length)
            {
                throw Errors.InvalidPrivateKey(SigningAlgorithm.EcdsaP256Sha256);
            }

            VerificationKey.RequireP256(ecdsa);
            return new SigningKey(keyId, id, null, ecdsa, exportPolicy);
        }
        catch (CryptographicException ex)
        {
            ecdsa.Dispose();
            throw Errors.InvalidPrivateKey(SigningAlgorithm.EcdsaP256Sha256, ex);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Exports the private key: the 32-byte seed for Ed25519, DER PKCS#8 for ECDSA P-256. Store the
    /// result encrypted, wipe it after use and never log it.
    /// </summary>
    /// <returns>The private key bytes.</returns>
    /// <exception cref="CryptoException">TH2074: the key was not created with <see cref="PrivateKeyExportPolicy.AllowPlaintextExport"/>.</exception>
    public byte[] ExportPrivateKey()
    {
        if (ExportPolicy != PrivateKeyExportPolicy.AllowPlaintextExport)
        {
            throw Errors.ExportNotAllowed();
        }

        return _ed25519 is not null ? _ed25519.Export(KeyBlobFormat.RawPrivateKey) : _ecdsa!.ExportPkcs8PrivateKey();
    }

    /// <summary>Signs <paramref name="data"/> and writes the signature value.</summary>
    /// <param name="data">The data to sign, such as the canonical bytes of a prescription.</param>
    /// <param name="destination">The destination, at least <see cref="SignatureSize"/> bytes.</param>
    /// <returns>The number of bytes written, <see cref="SignatureSize"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public int Sign(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (!TrySign(data, destination, out var written))
        {
            throw new ArgumentException($"The destination must be at least {SignatureSize} bytes.", nameof(destination));
        }

        return written;
    }

    /// <summary>Signs <paramref name="data"/> and writes the signature value, if it fits.</summary>
    /// <param name="data">The data to sign.</param>
    /// <param name="destination">The destination.</param>
    /// <param name="bytesWritten">The number of bytes written, <see cref="SignatureSize"/> or 0.</param>
    /// <returns><see langword="true"/> if the signature was written; <see langword="false"/> if the destination is too small.</returns>
    /// <exception cref="CryptoException">TH2084: the platform failed to sign.</exception>
    public bool TrySign(ReadOnlySpan<byte> data, Span<byte> destination, out int bytesWritten)
    {
        var size = SignatureSize;
        if (destination.Length < size)
        {
            bytesWritten = 0;
            return false;
        }

        DetachedSignature.WriteHeader(destination, Algorithm, _keyIdBytes);
        var raw = destination.Slice(DetachedSignature.HeaderSize + _keyIdBytes.Length, DetachedSignature.RawSignatureSize);
        if (_ed25519 is not null)
        {
            SignatureAlgorithm.Ed25519.Sign(_ed25519, data, raw);
        }
        else
        {
            try
            {
                if (!_ecdsa!.TrySignData(data, raw, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out var written)
                    || written != DetachedSignature.RawSignatureSize)
                {
                    throw Errors.SigningFailed(new CryptographicException("Unexpected ECDSA signature size."));
                }
            }
            catch (CryptographicException ex)
            {
                throw Errors.SigningFailed(ex);
            }
        }

        bytesWritten = size;
        return true;
    }

    /// <summary>Signs <paramref name="data"/>.</summary>
    /// <param name="data">The data to sign.</param>
    /// <returns>A new signature value of <see cref="SignatureSize"/> bytes.</returns>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = new byte[SignatureSize];
        Sign(data, signature);
        return signature;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ed25519?.Dispose();
        _ecdsa?.Dispose();
        PublicKey.Dispose();
    }

    /// <summary>Describes the key by algorithm and key id.</summary>
    /// <returns>A description without key material.</returns>
    public override string ToString() => $"SigningKey {Algorithm} {KeyId}";

    private static KeyCreationParameters Parameters(PrivateKeyExportPolicy policy) => new()
    {
        ExportPolicy = policy == PrivateKeyExportPolicy.AllowPlaintextExport ? KeyExportPolicies.AllowPlaintextExport : KeyExportPolicies.None,
    };
}
