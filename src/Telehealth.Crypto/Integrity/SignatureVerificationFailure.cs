namespace Telehealth.Crypto;

/// <summary>Why a detached signature did not verify.</summary>
public enum SignatureVerificationFailure
{
    /// <summary>The signature verified.</summary>
    None = 0,

    /// <summary>The value is truncated, too long, has an unknown format byte or an invalid key id.</summary>
    Malformed = 1,

    /// <summary>The algorithm id is not one this version knows.</summary>
    UnsupportedAlgorithm = 2,

    /// <summary>No trusted verification key has the key id (never added, or removed).</summary>
    UnknownKey = 3,

    /// <summary>The trusted key with this id is for another algorithm than the one the value names.</summary>
    AlgorithmMismatch = 4,

    /// <summary>The signature does not verify for the data under the trusted key.</summary>
    BadSignature = 5,
}
