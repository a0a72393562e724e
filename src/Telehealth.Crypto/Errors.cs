using System.Globalization;

namespace Telehealth.Crypto;

/// <summary>
/// Creates every exception of the package, so codes and wording stay consistent and free of secrets.
/// Code ranges: TH2001–TH2029 envelopes, TH2030–TH2049 keys and keyrings (TH2046–TH2049 belong to
/// the PostgreSQL keyring store in Telehealth.Crypto.PostgreSql), TH2050–TH2069 streaming,
/// TH2070–TH2089 integrity and tokenization, TH2090–TH2099 hardware key providers, TH2100–TH2119 key
/// lifecycle (what blocks retiring a version, and the bounds of a version's use).
/// </summary>
internal static partial class Errors
{
    public static CryptoException MalformedEnvelope(string reason) =>
        new(CryptoErrorCodes.MalformedEnvelope, $"The data is not a well-formed Telehealth envelope: {reason}.");

    public static CryptoException UnsupportedFormatVersion(byte version) =>
        new(CryptoErrorCodes.UnsupportedFormatVersion, string.Create(CultureInfo.InvariantCulture, $"Envelope format version {version} is not supported by this version of Telehealth.Crypto."));

    public static CryptoException UnknownSuite(byte id) =>
        new(CryptoErrorCodes.UnknownSuite, string.Create(CultureInfo.InvariantCulture, $"Algorithm suite 0x{id:x2} is not known to this version of Telehealth.Crypto."));

    public static CryptoException SuiteForbidden(AlgorithmSuite suite) =>
        new(CryptoErrorCodes.SuiteForbidden, $"Algorithm suite {suite} is forbidden by the configured policy.");

    public static CryptoException StreamSuiteForbidden(AlgorithmSuite streamSuite) =>
        new(CryptoErrorCodes.SuiteForbidden, $"Streams are written with algorithm suite {streamSuite}, which the configured policy forbids; allow it in AllowedSuites to encrypt streams.");

    public static CryptoException AuthenticationFailed() =>
        new(CryptoErrorCodes.AuthenticationFailed, "The envelope did not authenticate: it was modified, or the encryption context differs from the one it was encrypted with.");

    public static CryptoException CommitmentMismatch() =>
        new(CryptoErrorCodes.CommitmentMismatch, "The data key does not match the envelope's key commitment: the wrapped key or the header was modified.");

    public static CryptoException ProviderIsAsynchronous(string provider) =>
        new(CryptoErrorCodes.ProviderIsAsynchronous, $"Key provider '{provider}' completes asynchronously; use the async encrypt and decrypt methods with it.");

    public static CryptoException SubjectKeyUnavailable() =>
        new(CryptoErrorCodes.SubjectKeyUnavailable, "The subject key of this record has been destroyed or never existed; the record cannot be decrypted.");

    public static CryptoException SubjectKeysNotConfigured() =>
        new(CryptoErrorCodes.SubjectKeysNotConfigured, "The envelope was encrypted under a subject key, but no subject key store is configured.");

    public static CryptoException UnknownKeyring(string keyringId) =>
        new(CryptoErrorCodes.UnknownKeyring, $"Keyring '{keyringId}' does not exist in the keyring store.");

    public static CryptoException UnknownKeyVersion(string keyringId, int version) =>
        new(CryptoErrorCodes.UnknownKeyVersion, string.Create(CultureInfo.InvariantCulture, $"Keyring '{keyringId}' has no version {version}."));

    public static CryptoException KeyDisabled(string keyringId, int version) =>
        new(CryptoErrorCodes.KeyDisabled, string.Create(CultureInfo.InvariantCulture, $"Key {keyringId} v{version} is disabled."));

    public static CryptoException KeyDestroyed(string keyringId, int version) =>
        new(CryptoErrorCodes.KeyDestroyed, string.Create(CultureInfo.InvariantCulture, $"Key {keyringId} v{version} has been destroyed; data wrapped under it is unrecoverable."));

    public static CryptoException KeyRetired(string keyringId, int version, int minimum) =>
        new(CryptoErrorCodes.KeyRetired, string.Create(CultureInfo.InvariantCulture, $"Key {keyringId} v{version} is below the minimum decryption version {minimum}."));

    public static CryptoException NoPrimaryKey(string keyringId) =>
        new(CryptoErrorCodes.NoPrimaryKey, $"Keyring '{keyringId}' has no primary version to encrypt with.");

    public static CryptoException InvalidTransition(string keyringId, int version, KeyEncryptionKeyState from, string operation) =>
        new(CryptoErrorCodes.InvalidTransition, string.Create(CultureInfo.InvariantCulture, $"Key {keyringId} v{version} is {from}; it cannot be {operation}."));

    public static CryptoException UnwrapFailed(string keyringId, int version) =>
        new(CryptoErrorCodes.UnwrapFailed, string.Create(CultureInfo.InvariantCulture, $"The data key does not unwrap under {keyringId} v{version}: the wrapped key was modified or belongs to another key."));

    public static CryptoException UnwrapFailed() =>
        new(CryptoErrorCodes.UnwrapFailed, "The data key does not unwrap: the wrapped key was modified or belongs to another key.");

    public static CryptoException StoreConflict(string keyringId) =>
        new(CryptoErrorCodes.StoreConflict, $"Keyring '{keyringId}' kept changing under concurrent writers; the operation was not applied.");

    public static CryptoException SubjectKeysBusy() =>
        new(CryptoErrorCodes.StoreConflict, "The subject key directory stayed locked by another writer; the operation was not applied.");

    public static CryptoException StoreDamaged(string what, Exception? inner = null) =>
        new(CryptoErrorCodes.StoreDamaged, $"The keyring store is damaged: {what}.", inner);

    public static CryptoException MasterKeyUnavailable(string reason) =>
        new(CryptoErrorCodes.MasterKeyUnavailable, $"The local keystore master key is unavailable: {reason}.");

    public static CryptoException UnknownProvider(string provider) =>
        new(CryptoErrorCodes.UnknownProvider, $"No key provider named '{provider}' is registered.");

    public static CryptoException PromotedTooEarly(string keyringId, int version, TimeSpan remaining) =>
        new(CryptoErrorCodes.PromotedTooEarly, string.Create(CultureInfo.InvariantCulture, $"Key {keyringId} v{version} has not been pending for the propagation delay yet ({remaining:c} left), so another node may not know it."));

    public static CryptoException SealedKeyDamaged() =>
        new(CryptoErrorCodes.SealedKeyDamaged, "A key sealed under the local master key does not open: the master key is wrong or the keystore was modified.");

    public static CryptoException RewrapCheckpointDamaged(string reason) =>
        new(CryptoErrorCodes.RewrapCheckpointDamaged, $"The rewrap checkpoint is damaged: {reason}.");

    public static KeyVersionInUseException KeyVersionNeeded(string keyringId, int version, string operation, KeyVersionCensusResult census, IReadOnlyList<KeyVersionCount> blockers)
    {
        var reasons = blockers
            .Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.Source}: {b.Records} on v{b.Version}"))
            .Concat(census.Sources.Where(s => s.Unreadable > 0).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name}: {s.Unreadable} unreadable (version unknown)")));
        return new KeyVersionInUseException(
            string.Create(CultureInfo.InvariantCulture, $"Key {keyringId} v{version} was not {operation}: still needed by {string.Join("; ", reasons)}. Move them with the keyring-wide rewrap job, then try again."),
            census,
            blockers);
    }

    public static CryptoException RetiredTooEarly(string keyringId, int version, string operation, int primary, TimeSpan remaining) =>
        new(CryptoErrorCodes.RetiredTooEarly, string.Create(CultureInfo.InvariantCulture, $"Key {keyringId} v{version} was not {operation}: v{primary} became primary less than a refresh interval ago, so a node that has not re-read the keyring may still encrypt under an older version. Try again in {remaining:c}."));

    public static CryptoException WrapLimitReached(string keyringId, int version, long limit) =>
        new(CryptoErrorCodes.WrapLimitReached, string.Create(CultureInfo.InvariantCulture, $"Key {keyringId} v{version} has wrapped its limit of {limit} keys; rotate the keyring (a new primary version wraps from then on)."));

    public static CryptoException WrapsNotReserved(string keyringId, int version) =>
        new(CryptoErrorCodes.WrapsNotReserved, string.Create(CultureInfo.InvariantCulture, $"Wraps under key {keyringId} v{version} could not be reserved in the keyring store in time; nothing was encrypted. Check the store, or use the async methods, which wait for it."));
}
