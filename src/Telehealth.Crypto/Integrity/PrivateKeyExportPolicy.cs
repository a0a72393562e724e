namespace Telehealth.Crypto;

/// <summary>Whether a private signing key may leave the process in plaintext.</summary>
public enum PrivateKeyExportPolicy
{
    /// <summary>The private key can never be exported (the default).</summary>
    None = 0,

    /// <summary>
    /// <see cref="SigningKey.ExportPrivateKey"/> returns the key, for storing it envelope-encrypted.
    /// Choose this only where the key must be persisted or moved.
    /// </summary>
    AllowPlaintextExport = 1,
}
