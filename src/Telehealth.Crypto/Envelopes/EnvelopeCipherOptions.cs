namespace Telehealth.Crypto;

/// <summary>How an <see cref="EnvelopeCipher"/> encrypts and which envelopes it accepts.</summary>
public sealed class EnvelopeCipherOptions
{
    /// <summary>Gets or sets the suite new envelopes are encrypted with.</summary>
    /// <value>The default is <see cref="AlgorithmSuite.Aes256GcmHkdfSha256"/>.</value>
    public AlgorithmSuite Suite { get; set; } = AlgorithmSuite.Aes256GcmHkdfSha256;

    /// <summary>
    /// Gets or sets the suites this cipher accepts, for encryption and decryption; an envelope under any
    /// other suite is refused with TH2004. Empty means every suite of <see cref="AlgorithmSuite.All"/>.
    /// </summary>
    /// <value>The default is empty (all suites allowed).</value>
    public IList<AlgorithmSuite> AllowedSuites { get; } = [];

    /// <summary>
    /// Gets or sets how many decryption failures a minute are written to the audit log one by one
    /// (<c>crypto.decrypt.failed</c>). Failures beyond it in the same minute are counted per error code
    /// and written as one <c>crypto.decrypt.failures_suppressed</c> record when the minute ends, so a
    /// flood of bad ciphertexts cannot flood the audit log while every failure is still accounted for.
    /// </summary>
    /// <value>The default is 60. Allowed: 1 to 1,000,000.</value>
    public int MaxAuditedDecryptionFailuresPerMinute { get; set; } = 60;

    /// <summary>Gets the data-key caching limits.</summary>
    public DataKeyCachingOptions DataKeyCaching { get; } = new();

    internal bool Allows(AlgorithmSuite suite) => AllowedSuites.Count == 0 || AllowedSuites.Contains(suite);
}
