namespace Telehealth.Crypto;

/// <summary>Errors of integrity (HMAC tags, signatures, checksums) and tokenization: TH2070–TH2089.</summary>
internal static partial class Errors
{
    public static CryptoException KeyTooShort(int minimumBytes) =>
        new("TH2070", $"The key is shorter than the minimum of {minimumBytes} bytes.");

    public static CryptoException DuplicateKeyVersion(uint version) =>
        new("TH2071", $"The key set already holds a key with version {version}.");

    public static CryptoException UnknownKeyVersion(uint version) =>
        new("TH2072", $"The key set holds no key with version {version}.");

    public static CryptoException PrimaryKeyRemoval(uint version) =>
        new("TH2073", $"Key version {version} is the primary key and cannot be removed; promote another version first.");

    public static CryptoException ExportNotAllowed() =>
        new("TH2074", "The private key was not created with an export policy that allows exporting it.");

    public static CryptoException InvalidPublicKey(SigningAlgorithm algorithm, Exception? inner = null) =>
        new("TH2075", $"The bytes are not a valid {algorithm} public key.", inner);

    public static CryptoException UnsupportedCurve() =>
        new("TH2076", "Only ECDSA keys on the NIST P-256 curve are accepted.");

    public static CryptoException DuplicateKeyId(string keyId) =>
        new("TH2077", $"The key set already holds a key with id '{keyId}'.");

    public static CryptoException InvalidPrivateKey(SigningAlgorithm algorithm, Exception? inner = null) =>
        new("TH2078", $"The bytes are not a valid {algorithm} private key.", inner);

    public static CryptoException EmptyKeySet() =>
        new("TH2079", "A key set needs at least one key, and its primary version must be one of them.");

    public static TokenFormatException MalformedToken(TokenFormatError reason) =>
        new("TH2080", reason, $"The text is not a valid pseudonym token ({reason}).");

    public static CryptoException InvalidIdentifier(Exception? inner = null) =>
        new("TH2081", "The identifier is not well-formed Unicode text or is longer than the limit.", inner);

    public static CryptoException TokenDoesNotMatch() =>
        new("TH2082", "The existing token was not made from this identifier and purpose; it was not re-tokenized.");

    public static CryptoException MalformedChecksum() =>
        new("TH2083", "The text is not a SHA-256 checksum of 64 hexadecimal digits.");

    public static CryptoException SigningFailed(Exception inner) =>
        new("TH2084", "The signature could not be produced.", inner);

    public static CryptoException KeySetKindMismatch(string name, IntegrityKeyKind actual, string requested) =>
        new("TH2085", $"Key set '{name}' holds {actual} keys, not {requested} keys.");

    public static CryptoException KeySetDamaged(string name, string what, Exception? inner = null) =>
        new("TH2086", $"The file of key set '{name}' is damaged: {what}.", inner);

    public static CryptoException KeySetUnknown(string name) =>
        new("TH2087", $"There is no key set '{name}'.");

    public static CryptoException KeySetConflict(string name) =>
        new("TH2088", $"The lock of key set '{name}' stayed taken by another writer; the operation was not applied.");
}
