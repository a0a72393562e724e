namespace Telehealth.Crypto;

/// <summary>
/// The stable error codes of Telehealth.Crypto, carried by <see cref="CryptoException.Code"/>. Branch on these
/// constants, never on message text. Ranges: TH2001–TH2029 envelopes, TH2030–TH2049 keys and keyrings
/// (TH2046–TH2049 belong to Telehealth.Crypto.PostgreSql), TH2050–TH2069 streams, TH2070–TH2089 integrity
/// and tokenization, TH2090–TH2099 hardware key providers (Telehealth.Crypto.Pkcs11), TH2100–TH2119 key
/// lifecycle. A code, once published, keeps its meaning; TH2041 is retired and never reused.
/// </summary>
public static class CryptoErrorCodes
{
    /// <summary>The data is not a well-formed envelope: magic, flags, lengths, truncation, or a stream where a single message was expected (or the reverse).</summary>
    public const string MalformedEnvelope = "TH2001";

    /// <summary>The envelope format version is not supported by this version of the package.</summary>
    public const string UnsupportedFormatVersion = "TH2002";

    /// <summary>The envelope names an algorithm suite this version does not know.</summary>
    public const string UnknownSuite = "TH2003";

    /// <summary>The algorithm suite is forbidden by <c>AllowedSuites</c> (for streams: suite <c>0x01</c> is forbidden, so no stream can be written).</summary>
    public const string SuiteForbidden = "TH2004";

    /// <summary>The envelope did not authenticate: the ciphertext was modified, or the encryption context differs (the two cannot be told apart).</summary>
    public const string AuthenticationFailed = "TH2005";

    /// <summary>The data key does not match the key commitment: the wrapped key or the header was modified.</summary>
    public const string CommitmentMismatch = "TH2006";

    /// <summary>The key provider (or store) completes asynchronously; use the async methods.</summary>
    public const string ProviderIsAsynchronous = "TH2007";

    /// <summary>The record's subject key was destroyed or never existed (crypto-shredding).</summary>
    public const string SubjectKeyUnavailable = "TH2008";

    /// <summary>The envelope uses a subject key, but the cipher has no subject key store.</summary>
    public const string SubjectKeysNotConfigured = "TH2009";

    /// <summary>The keyring is not in the store, or the envelope belongs to another keyring.</summary>
    public const string UnknownKeyring = "TH2030";

    /// <summary>The keyring has no such version.</summary>
    public const string UnknownKeyVersion = "TH2031";

    /// <summary>The key version is disabled.</summary>
    public const string KeyDisabled = "TH2032";

    /// <summary>The key version was destroyed; data under it is unrecoverable.</summary>
    public const string KeyDestroyed = "TH2033";

    /// <summary>The key version is below the minimum decryption version.</summary>
    public const string KeyRetired = "TH2034";

    /// <summary>The keyring has no primary version to encrypt with.</summary>
    public const string NoPrimaryKey = "TH2035";

    /// <summary>The state change is not allowed from the version's current state.</summary>
    public const string InvalidTransition = "TH2036";

    /// <summary>The data key does not unwrap: the wrapped key was modified or belongs to another key. Every key provider uses this code.</summary>
    public const string UnwrapFailed = "TH2037";

    /// <summary>The keyring store (or a lock of the key directory) kept changing under concurrent writers; nothing was applied.</summary>
    public const string StoreConflict = "TH2038";

    /// <summary>The keyring store is damaged: an invalid file, row or key reference, or a reference made for another keyring entry.</summary>
    public const string StoreDamaged = "TH2039";

    /// <summary>The local master key is unavailable: the variable or file is missing, too large, or not 32 base64-encoded bytes.</summary>
    public const string MasterKeyUnavailable = "TH2040";

    /// <summary>No key provider is registered with the configured or recorded name.</summary>
    public const string UnknownProvider = "TH2042";

    /// <summary>A version was promoted before it was pending for <c>PropagationDelay</c>.</summary>
    public const string PromotedTooEarly = "TH2043";

    /// <summary>A key sealed under the local master key does not open: wrong master key or modified keystore.</summary>
    public const string SealedKeyDamaged = "TH2044";

    /// <summary>The rewrap checkpoint is damaged.</summary>
    public const string RewrapCheckpointDamaged = "TH2045";

    /// <summary>The stream header is malformed (segment size out of range).</summary>
    public const string MalformedStreamHeader = "TH2050";

    /// <summary>A stream segment failed authentication: modified, reordered or duplicated, or another key or context.</summary>
    public const string SegmentAuthenticationFailed = "TH2051";

    /// <summary>The stream ends before its final segment (including inside its header, and the output of a writer disposed without completion).</summary>
    public const string TruncatedStream = "TH2052";

    /// <summary>The stream has data after its final segment.</summary>
    public const string DataAfterFinalSegment = "TH2053";

    /// <summary>The stream format version is not supported.</summary>
    public const string UnsupportedStreamVersion = "TH2054";

    /// <summary>The stream has more than 2^32 segments.</summary>
    public const string StreamTooLong = "TH2055";

    /// <summary>The encrypted source changed (became shorter) while it was read.</summary>
    public const string SourceChangedDuringRead = "TH2056";

    /// <summary>The key is shorter than the minimum.</summary>
    public const string KeyTooShort = "TH2070";

    /// <summary>The key set already holds that version.</summary>
    public const string DuplicateKeyVersion = "TH2071";

    /// <summary>The key set holds no such version.</summary>
    public const string KeySetVersionUnknown = "TH2072";

    /// <summary>The primary version of a key set cannot be removed.</summary>
    public const string PrimaryKeyRemoval = "TH2073";

    /// <summary>The private key's export policy does not allow exporting it.</summary>
    public const string ExportNotAllowed = "TH2074";

    /// <summary>The bytes are not a valid public key.</summary>
    public const string InvalidPublicKey = "TH2075";

    /// <summary>The ECDSA key is not on P-256.</summary>
    public const string UnsupportedCurve = "TH2076";

    /// <summary>The key set already holds that key id.</summary>
    public const string DuplicateKeyId = "TH2077";

    /// <summary>The bytes are not a valid private key.</summary>
    public const string InvalidPrivateKey = "TH2078";

    /// <summary>The key set is empty, or its primary version is not in it.</summary>
    public const string EmptyKeySet = "TH2079";

    /// <summary>The text is not a well-formed pseudonym token (<c>TokenFormatException</c>, with its reason).</summary>
    public const string MalformedToken = "TH2080";

    /// <summary>The identifier is not well-formed Unicode or is too long.</summary>
    public const string InvalidIdentifier = "TH2081";

    /// <summary>The existing token was not made from this identifier and purpose.</summary>
    public const string TokenDoesNotMatch = "TH2082";

    /// <summary>The text is not a SHA-256 checksum of 64 hexadecimal digits.</summary>
    public const string MalformedChecksum = "TH2083";

    /// <summary>The signature could not be produced.</summary>
    public const string SigningFailed = "TH2084";

    /// <summary>The integrity key set holds another kind of key.</summary>
    public const string KeySetKindMismatch = "TH2085";

    /// <summary>The integrity key set file is damaged.</summary>
    public const string KeySetDamaged = "TH2086";

    /// <summary>There is no integrity key set with that name.</summary>
    public const string KeySetUnknown = "TH2087";

    /// <summary>The integrity key set's lock stayed held by another writer.</summary>
    public const string KeySetConflict = "TH2088";

    /// <summary>A key version is still needed by records, subject keys or integrity keys; nothing was changed (<see cref="KeyVersionInUseException"/> names them).</summary>
    public const string KeyVersionInUse = "TH2100";

    /// <summary>A former primary cannot be retired or disabled yet: the new primary became primary less than <c>RefreshInterval</c> ago.</summary>
    public const string RetiredTooEarly = "TH2101";

    /// <summary>The key version has wrapped <c>MaxWrapsPerVersion</c> keys; rotate the keyring.</summary>
    public const string WrapLimitReached = "TH2102";

    /// <summary>Wraps under the key version could not be reserved in the keyring store in time; nothing was encrypted.</summary>
    public const string WrapsNotReserved = "TH2103";
}
