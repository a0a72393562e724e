namespace Telehealth.Crypto;

/// <summary>How a <see cref="Keyring"/> creates, rotates and refreshes its key-encryption keys.</summary>
public sealed class KeyringOptions
{
    /// <summary>Gets or sets the keyring id written in every envelope header.</summary>
    /// <value>The default is <c>default</c>.</value>
    public string KeyringId { get; set; } = "default";

    /// <summary>Gets or sets the name of the provider that creates new versions.</summary>
    /// <value>The default is <c>local</c>.</value>
    public string Provider { get; set; } = LocalKeyEncryptionKeyProvider.ProviderName;

    /// <summary>
    /// Gets or sets the age after which scheduled rotation replaces the primary version
    /// (<see cref="Keyring.RunScheduledRotationAsync"/>).
    /// </summary>
    /// <value>The default is 90 days.</value>
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Gets or sets how often a node re-reads the keyring store. Nodes pick up new pending versions within
    /// this interval; a version unknown to a decrypting node forces an earlier read (rate-limited to this),
    /// and a node re-reads before it encrypts once its state is older than this. A former primary can be
    /// retired or disabled only once the new primary has been primary for this long.
    /// </summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets how long a version must be pending before it may become primary, so every node has
    /// read it and can decrypt what the new primary encrypts. Must be longer than
    /// <see cref="RefreshInterval"/> (the options validator enforces it); zero only together with a zero
    /// <see cref="RefreshInterval"/>, for a single node that reads the store on every use.
    /// </summary>
    /// <value>The default is 5 minutes.</value>
    public TimeSpan PropagationDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how many keys one version may wrap over its life. The local and PKCS#11 providers wrap
    /// with AES-GCM under a random 96-bit IV, which NIST SP 800-38D bounds to 2^32 encryptions per key;
    /// wrapping beyond this limit is refused (TH2102), and scheduled rotation adds a new version once the
    /// primary has reserved half of it.
    /// </summary>
    /// <value>The default is 2^32 (4,294,967,296). Allowed: 1 to 2^32.</value>
    public long MaxWrapsPerVersion { get; set; } = 1L << 32;

    /// <summary>Gets or sets whether a missing keyring is created with a primary version 1 on first use.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CreateIfMissing { get; set; } = true;
}
