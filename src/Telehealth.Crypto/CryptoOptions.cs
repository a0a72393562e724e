namespace Telehealth.Crypto;

/// <summary>Options of <c>services.AddTelehealthCrypto(o => ...)</c>.</summary>
public sealed class CryptoOptions
{
    /// <summary>Gets or sets the directory of the embedded keyring store and subject keys.</summary>
    /// <value>The default is <c>keys</c> under the current directory.</value>
    public string KeyDirectory { get; set; } = "keys";

    /// <summary>Gets or sets the environment variable holding the base64 local master key.</summary>
    /// <value>The default is <c>TELEHEALTH_CRYPTO_MASTER_KEY</c>.</value>
    public string MasterKeyEnvironmentVariable { get; set; } = "TELEHEALTH_CRYPTO_MASTER_KEY";

    /// <summary>
    /// Gets or sets a file holding the local master key; when set it is used instead of the environment
    /// variable. Keep it outside the key directory and readable by the service account only.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? MasterKeyFile { get; set; }

    /// <summary>
    /// Gets or sets whether a missing <see cref="MasterKeyFile"/> is created with a new random key. For
    /// development machines and samples; production keys come from a secret manager.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool CreateMasterKeyFileIfMissing { get; set; }

    /// <summary>Gets or sets whether records with a <see cref="EncryptionContext.Subject"/> use subject keys (crypto-shredding).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool EnableSubjectKeys { get; set; }

    /// <summary>
    /// Gets or sets whether an <c>IAuditLog</c> must be registered. Key operations are security events;
    /// turn this off only for tools that cannot have an audit log.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RequireAuditLog { get; set; } = true;

    /// <summary>Gets or sets whether the hosted service runs scheduled rotation.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool EnableScheduledRotation { get; set; } = true;

    /// <summary>Gets or sets how often the hosted service checks the rotation schedule.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan RotationCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the keyring options.</summary>
    public KeyringOptions Keyring { get; } = new();

    /// <summary>Gets the envelope cipher options.</summary>
    public EnvelopeCipherOptions Cipher { get; } = new();
}
