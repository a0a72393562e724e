namespace Telehealth.Crypto;

/// <summary>The outcome of <see cref="HmacKeySet.Verify(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.</summary>
public readonly record struct HmacVerificationResult
{
    internal HmacVerificationResult(HmacVerificationFailure failure, uint keyVersion)
    {
        Failure = failure;
        KeyVersion = keyVersion;
    }

    /// <summary>Gets a value indicating whether the tag verified.</summary>
    public bool IsValid => Failure == HmacVerificationFailure.None;

    /// <summary>Gets the reason the tag did not verify, or <see cref="HmacVerificationFailure.None"/>.</summary>
    public HmacVerificationFailure Failure { get; }

    /// <summary>Gets the key version named by the tag, or 0 when the tag is malformed.</summary>
    public uint KeyVersion { get; }
}
