namespace Telehealth.Crypto;

/// <summary>Why an HMAC tag did not verify.</summary>
public enum HmacVerificationFailure
{
    /// <summary>The tag verified.</summary>
    None = 0,

    /// <summary>The tag has the wrong length or an unknown format byte.</summary>
    Malformed = 1,

    /// <summary>The tag names a key version the key set does not hold (never added, or removed).</summary>
    UnknownKeyVersion = 2,

    /// <summary>The key version is known but the MAC does not match the data.</summary>
    Mismatch = 3,
}
