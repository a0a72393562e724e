namespace Telehealth.Crypto;

/// <summary>
/// Limits for reusing data keys across messages, so a busy service does not pay a key-provider round
/// trip (a KMS or HSM call) per record. Off by default: with the local provider a fresh data key per
/// message costs microseconds. Every message still gets its own HKDF-derived key and nonce, so reuse is
/// safe within these limits; a key is retired as soon as any limit is reached. A cached key serves one
/// tenant only.
/// </summary>
public sealed class DataKeyCachingOptions
{
    /// <summary>Gets or sets whether data keys are cached.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>
    /// Gets or sets how long a data key may be used after it was created or unwrapped; it leaves memory
    /// then, whether or not it is used again.
    /// </summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many messages one data key may encrypt (at most 2^32).</summary>
    /// <value>The default is 100,000.</value>
    public long MaxMessages { get; set; } = 100_000;

    /// <summary>Gets or sets how many plaintext bytes one data key may encrypt in total.</summary>
    /// <value>The default is 64 GiB.</value>
    public long MaxBytes { get; set; } = 64L << 30;

    /// <summary>Gets or sets how many data keys are kept (for encryption, one per tenant, and for decryption); past it the oldest leaves first.</summary>
    /// <value>The default is 1,000.</value>
    public int MaxDecryptionEntries { get; set; } = 1_000;
}
