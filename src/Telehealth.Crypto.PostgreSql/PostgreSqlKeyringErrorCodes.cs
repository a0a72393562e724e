namespace Telehealth.Crypto.PostgreSql;

/// <summary>
/// The stable error codes of Telehealth.Crypto.PostgreSql (TH2046–TH2049), carried by <see cref="CryptoException.Code"/>.
/// Damaged rows keep Telehealth.Crypto's <see cref="CryptoErrorCodes.StoreDamaged"/>, as the file store does.
/// </summary>
public static class PostgreSqlKeyringErrorCodes
{
    /// <summary>The store could not be opened: the server is unreachable, the login failed, or its tables (or their 0.2 columns) are missing and may not be created.</summary>
    public const string OpenFailed = "TH2046";

    /// <summary>Reading a keyring failed.</summary>
    public const string LoadFailed = "TH2047";

    /// <summary>Writing a keyring failed; the transaction was rolled back and the stored keyring is unchanged.</summary>
    public const string WriteFailed = "TH2048";

    /// <summary>The connection failed during commit; whether the write was stored is unknown.</summary>
    public const string CommitOutcomeUnknown = "TH2049";
}
