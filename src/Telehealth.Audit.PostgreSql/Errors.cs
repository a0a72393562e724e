namespace Telehealth.Audit.PostgreSql;

/// <summary>
/// Creates every exception of the package, so codes and wording stay consistent. Messages never
/// hold connection strings, record values or SQL parameters; the Npgsql failure is kept as the
/// inner exception for diagnosis.
/// </summary>
internal static class Errors
{
    public static AuditStoreException BatchRolledBack(Exception inner) =>
        new(PostgreSqlAuditErrorCodes.BatchRolledBack, "PostgreSQL did not store a batch of audit records; the transaction was rolled back and none of its records were stored.", inner);

    public static AuditStoreException CommitOutcomeUnknown(Exception inner) =>
        new(PostgreSqlAuditErrorCodes.CommitOutcomeUnknown, "The connection failed while PostgreSQL was committing a batch of audit records; whether they were stored is unknown. The log stays consistent either way; read it to find out.", inner);

    public static AuditStoreException OpenFailed(Exception inner) =>
        new(PostgreSqlAuditErrorCodes.OpenFailed, "The PostgreSQL audit store could not be opened: connecting to the database or finding or creating its tables failed.", inner);

    public static AuditStoreException QueryFailed(Exception inner) =>
        new(PostgreSqlAuditErrorCodes.QueryFailed, "A query of the PostgreSQL audit store failed.", inner);

    public static AuditStoreException DamagedTail() =>
        new(PostgreSqlAuditErrorCodes.DamagedTail, "The PostgreSQL audit store is damaged: the leaf hash of its last entry is not 32 bytes. Nothing was appended.");

    // Same code and meaning as the file store's, so callers handle a closed store one way.
    public static AuditStoreException Closed() => new(AuditErrorCodes.StoreClosed, "The audit store has been disposed.");
}
