using System.Globalization;
using Net.Pkcs11Interop.Common;

namespace Telehealth.Crypto.Pkcs11;

/// <summary>
/// Creates every exception of the package, so codes and wording stay consistent. Codes TH2090–TH2099
/// belong to hardware key providers; an unwrap failure keeps Telehealth.Crypto's TH2037 so callers
/// handle it one way whichever provider holds the key. Messages never hold the PIN or key material;
/// PKCS#11 return values (<c>CKR_*</c>) are named because they help and reveal nothing.
/// </summary>
internal static class Errors
{
    public static CryptoException UnwrapFailed(Exception? inner = null) =>
        new(CryptoErrorCodes.UnwrapFailed, "The data key does not unwrap: the wrapped key was modified or belongs to another key.", inner);

    public static CryptoException LibraryUnavailable(string libraryPath, string reason, Exception? inner = null) =>
        new(Pkcs11ErrorCodes.LibraryUnavailable, $"The PKCS#11 library '{libraryPath}' could not be loaded or initialized: {reason}.", inner);

    public static CryptoException TokenNotFound(string tokenLabel) =>
        new(Pkcs11ErrorCodes.TokenNotFound, $"No slot holds a PKCS#11 token labelled '{tokenLabel}'.");

    public static CryptoException LoginFailed(string tokenLabel, CKR result, Exception inner) =>
        new(Pkcs11ErrorCodes.LoginFailed, $"Logging in to PKCS#11 token '{tokenLabel}' as user failed with {result}: the PIN is wrong, locked or not initialized.", inner);

    public static CryptoException PinUnavailable(string reason) =>
        new(Pkcs11ErrorCodes.PinUnavailable, $"The PKCS#11 user PIN is unavailable: {reason}.");

    public static CryptoException KeyNotFound() =>
        new(Pkcs11ErrorCodes.KeyNotFound, "The key-encryption key named by a PKCS#11 key reference is not in the token: it was destroyed or was created in another token.");

    public static CryptoException MalformedReference() =>
        new(Pkcs11ErrorCodes.MalformedReference, "A PKCS#11 key reference is malformed; it must be 'pkcs11:v1:' followed by 32 hexadecimal digits.");

    public static CryptoException OperationFailed(string operation, CKR result, Exception inner) =>
        new(Pkcs11ErrorCodes.OperationFailed, string.Create(CultureInfo.InvariantCulture, $"The PKCS#11 token refused {operation} with {result}."), inner);

    public static CryptoException MechanismUnsupported(string tokenLabel, CKM mechanism) =>
        new(Pkcs11ErrorCodes.MechanismUnsupported, $"PKCS#11 token '{tokenLabel}' does not support {mechanism}, which this provider needs.");

    public static CryptoException DuplicateKey() =>
        new(Pkcs11ErrorCodes.DuplicateKey, "More than one key in the PKCS#11 token has the CKA_ID of a key reference; refusing to choose one.");
}
