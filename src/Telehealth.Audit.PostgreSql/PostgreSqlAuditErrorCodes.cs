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

    /// <summary>Connecting to the database, or finding or creating the store's tables, failed.</summary>
    public const string OpenFailed = "TH1042";

    /// <summary>A query of the store failed.</summary>
    public const string QueryFailed = "TH1043";

    /// <summary>The stored tail of the log is damaged; nothing was appended.</summary>
    public const string DamagedTail = "TH1044";
}
