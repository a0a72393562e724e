namespace Telehealth.Crypto.Pkcs11;

/// <summary>
/// Options of <see cref="Pkcs11KeyEncryptionKeyProvider"/>. The user PIN is never an option value: the
/// host supplies it in an environment variable or a file that only the service account can read.
/// </summary>
public sealed class Pkcs11KeyEncryptionKeyProviderOptions
{
    /// <summary>The library path of Debian's <c>libsofthsm2</c> package.</summary>
    public const string SoftHsm2LibraryPath = "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>Gets or sets the path of the vendor's PKCS#11 library (the module loaded with <c>C_Initialize</c>).</summary>
    /// <value>The default is <see cref="SoftHsm2LibraryPath"/> (<c>/usr/lib/softhsm/libsofthsm2.so</c>).</value>
    public string LibraryPath { get; set; } = SoftHsm2LibraryPath;

    /// <summary>Gets or sets the label of the token that holds the keys (<c>CK_TOKEN_INFO.label</c>, without padding).</summary>
    /// <value>There is no default; it is required. At most 32 characters.</value>
    public string? TokenLabel { get; set; }

    /// <summary>Gets or sets the environment variable that holds the user PIN. Ignored when <see cref="PinFile"/> is set.</summary>
    /// <value>The default is <c>TELEHEALTH_PKCS11_PIN</c>.</value>
    public string? PinEnvironmentVariable { get; set; } = "TELEHEALTH_PKCS11_PIN";

    /// <summary>
    /// Gets or sets a file whose content is the user PIN (trailing white space, such as a final newline,
    /// is ignored). When set, it takes precedence over <see cref="PinEnvironmentVariable"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/> (use the environment variable).</value>
    public string? PinFile { get; set; }

    /// <summary>
    /// Gets or sets the prefix of the <c>CKA_LABEL</c> of every key this provider creates; the label is
    /// the prefix, the keyring id, <c>/v</c> and the version, e.g. <c>telehealth/default/v3</c>.
    /// </summary>
    /// <value>The default is <c>telehealth/</c>. At most 64 characters.</value>
    public string KeyLabelPrefix { get; set; } = "telehealth/";

    /// <summary>
    /// Gets or sets how many PKCS#11 sessions the provider opens at most. A session serves one call at a
    /// time, so this bounds how many wraps and unwraps run in the token concurrently; more callers wait.
    /// </summary>
    /// <value>The default is 4. Between 1 and 64.</value>
    public int MaxSessions { get; set; } = 4;
}
