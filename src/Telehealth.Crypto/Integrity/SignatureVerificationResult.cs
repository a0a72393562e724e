namespace Telehealth.Crypto;

/// <summary>The outcome of <see cref="VerificationKeySet.Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.</summary>
public readonly record struct SignatureVerificationResult
{
    internal SignatureVerificationResult(SignatureVerificationFailure failure, VerificationKey? key)
    {
        Failure = failure;
        KeyId = key?.KeyId;
    }

    /// <summary>Gets a value indicating whether the signature verified.</summary>
    public bool IsValid => Failure == SignatureVerificationFailure.None;

    /// <summary>Gets the reason the signature did not verify, or <see cref="SignatureVerificationFailure.None"/>.</summary>
    public SignatureVerificationFailure Failure { get; }

    /// <summary>Gets the id of the trusted key the value named, or <see langword="null"/> when no trusted key was found.</summary>
    public string? KeyId { get; }
}
