namespace Telehealth.Crypto.Pkcs11;

/// <summary>
/// The stable error codes of Telehealth.Crypto.Pkcs11 (TH2090–TH2099), carried by <see cref="CryptoException.Code"/>.
/// A wrapped key that does not open keeps Telehealth.Crypto's <see cref="CryptoErrorCodes.UnwrapFailed"/>, so callers
/// handle it one way whichever provider holds the key.
/// </summary>
public static class Pkcs11ErrorCodes
{
    /// <summary>The PKCS#11 library could not be loaded or initialized.</summary>
    public const string LibraryUnavailable = "TH2090";

    /// <summary>No slot holds a token with the configured label.</summary>
    public const string TokenNotFound = "TH2091";

    /// <summary>Logging in to the token failed (wrong, locked or uninitialized PIN).</summary>
    public const string LoginFailed = "TH2092";

    /// <summary>The PIN variable is not set or the PIN file cannot be read.</summary>
    public const string PinUnavailable = "TH2093";

    /// <summary>The key a reference names is not in the token (destroyed, or created in another token).</summary>
    public const string KeyNotFound = "TH2094";

    /// <summary>A key reference is not <c>pkcs11:v1:</c> followed by 32 hexadecimal digits.</summary>
    public const string MalformedReference = "TH2095";

    /// <summary>The token refused an operation; the message names the function and the <c>CKR_*</c> value.</summary>
    public const string OperationFailed = "TH2096";

    /// <summary>The token lacks <c>CKM_AES_KEY_GEN</c> or <c>CKM_AES_GCM</c>.</summary>
    public const string MechanismUnsupported = "TH2097";

    /// <summary>Several token objects share a reference's <c>CKA_ID</c>; the provider refuses to pick one.</summary>
    public const string DuplicateKey = "TH2098";
}
