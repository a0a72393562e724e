namespace Telehealth.Audit.PostgreSql;

/// <summary>
/// The stable codes of the <see cref="AuditStoreException"/>s the PostgreSQL store raises, in the
/// range <c>TH1040</c>–<c>TH1049</c>. A disposed store raises <see cref="AuditErrorCodes.StoreClosed"/>,
/// as the file store does.
/// </summary>
public static class PostgreSqlAuditErrorCodes
{
    /// <summary>PostgreSQL rolled back a batch: none of its records were stored.</summary>
    public const string BatchRolledBack = "TH1040";

    /// <summary>The connection failed during the commit of a batch: whether it was stored is unknown until the log is read.</summary>
    public const string CommitOutcomeUnknown = "TH1041";

    /// <summary>Connecting to the database, finding or creating the store's tables, or building the tiles of entries written before tiles existed, failed.</summary>
    public const string OpenFailed = "TH1042";

    /// <summary>A query of the store failed.</summary>
    public const string QueryFailed = "TH1043";

    /// <summary>The stored tail of the log is damaged (a leaf hash that is not 32 bytes, or a gap in the sequence near the end); nothing was appended.</summary>
    public const string DamagedTail = "TH1044";

    /// <summary>A hash tile the tree needs is not stored, or holds fewer hashes than asked for (a deleted tile row, or tiles behind the entries).</summary>
    public const string TileMissing = "TH1045";

    /// <summary>A stored hash tile is not 1 to 256 whole hashes of 32 bytes.</summary>
    public const string TileMalformed = "TH1046";

    /// <summary>The stored tiles describe more entries than the log holds (entries were removed from its end, or a tile row was forged or moved past it); nothing was appended.</summary>
    public const string TilesPastEnd = "TH1047";

    /// <summary>The stored tiles at the right edge of the tree contradict the entries or each other (a changed, moved or deleted tile row); nothing was appended.</summary>
    public const string TilesDisagree = "TH1048";
}
