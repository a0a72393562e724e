using System.Runtime.CompilerServices;

namespace Telehealth.Crypto;

/// <summary>
/// The trusted public keys of signers, found by the key id a signature names, so a signer can
/// rotate to a new key while signatures made with the old one keep verifying until it is removed.
/// </summary>
/// <remarks>
/// The set does not own its keys: dispose them once no set uses them. Safe for concurrent use;
/// changes replace an immutable snapshot.
/// </remarks>
public sealed class VerificationKeySet
{
    private readonly Lock _gate = new();
    private volatile VerificationKey[] _keys;

    /// <summary>Initializes a new instance of the <see cref="VerificationKeySet"/> class.</summary>
    /// <param name="keys">The trusted keys; key ids must be distinct.</param>
    /// <exception cref="CryptoException">TH2077: two keys share a key id.</exception>
    public VerificationKeySet(IEnumerable<VerificationKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = new List<VerificationKey>();
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            if (list.Exists(k => k.KeyId == key.KeyId))
            {
                throw Errors.DuplicateKeyId(key.KeyId);
            }

            list.Add(key);
        }

        _keys = [.. list];
    }

    /// <summary>Gets the key ids of the trusted keys.</summary>
    public IReadOnlyList<string> KeyIds => Array.ConvertAll(_keys, k => k.KeyId);

    /// <summary>Trusts another key.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="CryptoException">TH2077: a key with the same id is already trusted.</exception>
    public void Add(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (Array.Exists(_keys, k => k.KeyId == key.KeyId))
            {
                throw Errors.DuplicateKeyId(key.KeyId);
            }

            _keys = [.. _keys, key];
        }
    }

    /// <summary>Stops trusting a key; its signatures then fail with <see cref="SignatureVerificationFailure.UnknownKey"/>.</summary>
    /// <param name="keyId">The key id.</param>
    /// <returns><see langword="true"/> if the key was trusted and is now removed.</returns>
    public bool Remove(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        lock (_gate)
        {
            var remaining = Array.FindAll(_keys, k => k.KeyId != keyId);
            var removed = remaining.Length != _keys.Length;
            _keys = remaining;
            return removed;
        }
    }

    /// <summary>
    /// Verifies a detached signature value over <paramref name="data"/> with the trusted key it names.
    /// Never throws for bad input: a value of any length or content gives a result.
    /// </summary>
    /// <param name="data">The signed data.</param>
    /// <param name="signature">The signature value made by <see cref="SigningKey.Sign(ReadOnlySpan{byte})"/>.</param>
    /// <returns>The result, with the reason when the signature does not verify.</returns>
    public SignatureVerificationResult Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length < DetachedSignature.HeaderSize || signature[0] != DetachedSignature.Format)
        {
            return new SignatureVerificationResult(SignatureVerificationFailure.Malformed, null);
        }

        var algorithm = (SigningAlgorithm)signature[1];
        if (algorithm is not (SigningAlgorithm.Ed25519 or SigningAlgorithm.EcdsaP256Sha256))
        {
            return new SignatureVerificationResult(SignatureVerificationFailure.UnsupportedAlgorithm, null);
        }

        int idLength = signature[2];
        if (idLength is 0 or > DetachedSignature.MaxKeyIdLength || signature.Length != DetachedSignature.Size(idLength))
        {
            return new SignatureVerificationResult(SignatureVerificationFailure.Malformed, null);
        }

        var keyId = signature.Slice(DetachedSignature.HeaderSize, idLength);
        if (!DetachedSignature.IsValidKeyId(keyId))
        {
            return new SignatureVerificationResult(SignatureVerificationFailure.Malformed, null);
        }

        var key = Find(keyId);
        if (key is null)
        {
            return new SignatureVerificationResult(SignatureVerificationFailure.UnknownKey, null);
        }

        if (key.Algorithm != algorithm)
        {
            return new SignatureVerificationResult(SignatureVerificationFailure.AlgorithmMismatch, key);
        }

        return key.VerifyRaw(data, signature[(DetachedSignature.HeaderSize + idLength)..])
            ? new SignatureVerificationResult(SignatureVerificationFailure.None, key)
            : new SignatureVerificationResult(SignatureVerificationFailure.BadSignature, key);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private VerificationKey? Find(ReadOnlySpan<byte> keyId)
    {
        foreach (var key in _keys)
        {
            if (key.KeyIdBytes.SequenceEqual(keyId))
            {
                return key;
            }
        }

        return null;
    }
}
