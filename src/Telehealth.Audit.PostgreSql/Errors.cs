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
        new(PostgreSqlAuditErrorCodes.OpenFailed, "The PostgreSQL audit store could not be opened: connecting to the database, finding or creating its tables, or building the hash tiles of entries written before tiles existed failed.", inner);

    public static AuditStoreException QueryFailed(Exception inner) =>
        new(PostgreSqlAuditErrorCodes.QueryFailed, "A query of the PostgreSQL audit store failed.", inner);

    public static AuditStoreException DamagedTail() =>
        new(PostgreSqlAuditErrorCodes.DamagedTail, "The PostgreSQL audit store is damaged: the leaf hash of its last entry is not 32 bytes. Nothing was appended.");

    public static AuditStoreException SequenceGap(long from, long to) =>
        new(PostgreSqlAuditErrorCodes.DamagedTail, $"The PostgreSQL audit store is damaged: near the end of the log, entries {from} to {to - 1} are not all stored (the sequence has a gap). Nothing was appended.");

    public static AuditStoreException TileMissing(int level, long index, int width) =>
        new(PostgreSqlAuditErrorCodes.TileMissing, $"The PostgreSQL audit store holds no tile {index} of level {level} with at least {width} hashes, which the tree needs: a tile row was deleted or the tiles are behind the entries.");

    public static AuditStoreException TileMalformed(int level, long index) =>
        new(PostgreSqlAuditErrorCodes.TileMalformed, $"The PostgreSQL audit store is damaged: tile {index} of level {level} is not 1 to 256 whole hashes of 32 bytes.");

    public static AuditStoreException TilesPastEnd(long count) =>
        new(PostgreSqlAuditErrorCodes.TilesPastEnd, $"The PostgreSQL audit store is damaged: its level-0 tiles describe more than the {count} entries the log holds; entries were removed from its end or a tile row was forged. Nothing was appended.");

    public static AuditStoreException TilesDisagree(int level, long index, string what) =>
        new(PostgreSqlAuditErrorCodes.TilesDisagree, $"The PostgreSQL audit store is damaged: at the right edge of the tree, tile {index} of level {level} {what}. Nothing was appended.");

    public static AuditStoreException TileWouldChange() =>
        new(PostgreSqlAuditErrorCodes.TilesDisagree, "The PostgreSQL audit store is damaged: storing the tiles of a batch would have changed a stored tile, which only ever grows. Nothing was appended.");

    // Same code and meaning as the file store's, so callers handle a closed store one way.
    public static AuditStoreException Closed() => new(AuditErrorCodes.StoreClosed, "The audit store has been disposed.");
}
