namespace Telehealth.Crypto.PostgreSql;

/// <summary>
/// Creates the exceptions of this package, so codes and wording stay consistent. Messages never
/// hold connection strings, provider references or SQL parameters; the Npgsql failure is kept as
/// the inner exception for diagnosis. Damaged rows use Telehealth.Crypto's TH2039, as the file store does.
/// </summary>
internal static class Errors
{
    public static CryptoException OpenFailed(Exception? inner) =>
        new(PostgreSqlKeyringErrorCodes.OpenFailed, "The PostgreSQL keyring store could not be opened: connecting to the database or finding or creating its tables failed.", inner);

    public static CryptoException LoadFailed(string keyringId, Exception inner) =>
        new(PostgreSqlKeyringErrorCodes.LoadFailed, $"Reading keyring '{keyringId}' from PostgreSQL failed.", inner);

    public static CryptoException WriteFailed(string keyringId, Exception inner) =>
        new(PostgreSqlKeyringErrorCodes.WriteFailed, $"Writing keyring '{keyringId}' to PostgreSQL failed; the transaction was rolled back and the stored keyring is unchanged.", inner);

    public static CryptoException CommitOutcomeUnknown(string keyringId, Exception inner) =>
        new(PostgreSqlKeyringErrorCodes.CommitOutcomeUnknown, $"The connection failed while PostgreSQL was committing keyring '{keyringId}'; whether the write was stored is unknown. Reload the keyring to find out.", inner);

    // Telehealth.Crypto's own TH2039, so a damaged row reads like a damaged keyring file.
    public static CryptoException Damaged(string what) => new(CryptoErrorCodes.StoreDamaged, $"The keyring store is damaged: {what}.");

    public static ObjectDisposedException Closed() => new(nameof(PostgreSqlKeyringStore));
}
