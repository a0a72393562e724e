namespace Telehealth.Crypto;

/// <summary>Errors of integrity (HMAC tags, signatures, checksums) and tokenization: TH2070–TH2089.</summary>
internal static partial class Errors
{
    public static CryptoException KeyTooShort(int minimumBytes) =>
        new(CryptoErrorCodes.KeyTooShort, $"The key is shorter than the minimum of {minimumBytes} bytes.");

    public static CryptoException DuplicateKeyVersion(uint version) =>
        new(CryptoErrorCodes.DuplicateKeyVersion, $"The key set already holds a key with version {version}.");

    public static CryptoException UnknownKeyVersion(uint version) =>
        new(CryptoErrorCodes.KeySetVersionUnknown, $"The key set holds no key with version {version}.");

    public static CryptoException PrimaryKeyRemoval(uint version) =>
        new(CryptoErrorCodes.PrimaryKeyRemoval, $"Key version {version} is the primary key and cannot be removed; promote another version first.");

    public static CryptoException ExportNotAllowed() =>
        new(CryptoErrorCodes.ExportNotAllowed, "The private key was not created with an export policy that allows exporting it.");

    public static CryptoException InvalidPublicKey(SigningAlgorithm algorithm, Exception? inner = null) =>
        new(CryptoErrorCodes.InvalidPublicKey, $"The bytes are not a valid {algorithm} public key.", inner);

    public static CryptoException UnsupportedCurve() =>
        new(CryptoErrorCodes.UnsupportedCurve, "Only ECDSA keys on the NIST P-256 curve are accepted.");

    public static CryptoException DuplicateKeyId(string keyId) =>
        new(CryptoErrorCodes.DuplicateKeyId, $"The key set already holds a key with id '{keyId}'.");

    public static CryptoException InvalidPrivateKey(SigningAlgorithm algorithm, Exception? inner = null) =>
        new(CryptoErrorCodes.InvalidPrivateKey, $"The bytes are not a valid {algorithm} private key.", inner);

    public static CryptoException EmptyKeySet() =>
        new(CryptoErrorCodes.EmptyKeySet, "A key set needs at least one key, and its primary version must be one of them.");

    public static TokenFormatException MalformedToken(TokenFormatError reason) =>
        new(CryptoErrorCodes.MalformedToken, reason, $"The text is not a valid pseudonym token ({reason}).");

    public static CryptoException InvalidIdentifier(Exception? inner = null) =>
        new(CryptoErrorCodes.InvalidIdentifier, "The identifier is not well-formed Unicode text or is longer than the limit.", inner);

    public static CryptoException TokenDoesNotMatch() =>
        new(CryptoErrorCodes.TokenDoesNotMatch, "The existing token was not made from this identifier and purpose; it was not re-tokenized.");

    public static CryptoException MalformedChecksum() =>
        new(CryptoErrorCodes.MalformedChecksum, "The text is not a SHA-256 checksum of 64 hexadecimal digits.");

    public static CryptoException SigningFailed(Exception inner) =>
        new(CryptoErrorCodes.SigningFailed, "The signature could not be produced.", inner);

    public static CryptoException KeySetKindMismatch(string name, IntegrityKeyKind actual, string requested) =>
        new(CryptoErrorCodes.KeySetKindMismatch, $"Key set '{name}' holds {actual} keys, not {requested} keys.");

    public static CryptoException KeySetDamaged(string name, string what, Exception? inner = null) =>
        new(CryptoErrorCodes.KeySetDamaged, $"The file of key set '{name}' is damaged: {what}.", inner);

    public static CryptoException KeySetUnknown(string name) =>
        new(CryptoErrorCodes.KeySetUnknown, $"There is no key set '{name}'.");

    public static CryptoException KeySetConflict(string name) =>
        new(CryptoErrorCodes.KeySetConflict, $"The lock of key set '{name}' stayed taken by another writer; the operation was not applied.");
}
