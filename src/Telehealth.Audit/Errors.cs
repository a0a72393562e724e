namespace Telehealth.Audit;

/// <summary>Creates every exception of the package, so codes and wording stay consistent and free of values.</summary>
internal static class Errors
{
    public static AuditRecordRejectedException Missing(string field) =>
        new("TH1001", field, "is required.");

    public static AuditRecordRejectedException TooLong(string field, int max) =>
        new("TH1002", field, $"is longer than the limit of {max} characters.");

    public static AuditRecordRejectedException Forbidden(string field) =>
        new("TH1003", field, "has a forbidden data classification; audit records must not carry PHI.");

    public static AuditRecordRejectedException Unclassified(string field) =>
        new("TH1004", field, "has no data classification.");

    public static AuditRecordRejectedException TooMany(string field, int max) =>
        new("TH1005", field, $"has more than {max} entries.");

    public static AuditRecordRejectedException Malformed(string field, string rule) =>
        new("TH1006", field, $"is malformed: {rule}");

    public static AuditFormatException Format(string what) => new("TH1010", what);

    public static AuditFormatException Segment(long position, string what) =>
        new("TH1011", $"Malformed segment: the frame of entry {position} {what}") { Position = position };

    public static AuditFormatException Checkpoint(string what, Exception? inner = null) => new("TH1012", "Malformed checkpoint: " + what, inner);

    public static AuditFormatException Bundle(string what, Exception? inner = null) => new("TH1014", "Malformed audit bundle: " + what, inner);

    public static AuditStoreException Locked(string directory, Exception inner) =>
        new("TH1020", $"The audit store in '{directory}' is already open in another process or instance; a store has a single owner.", inner);

    public static AuditStoreException Corrupted(string what) =>
        new("TH1021", "The audit store is damaged and was not opened: " + what);

    public static AuditStoreException Closed() => new("TH1022", "The audit store has been disposed.");

    public static AuditStoreException WriteFailed(Exception inner) =>
        new("TH1023", "Writing audit records to disk failed; they were not stored.", inner);

    public static AuditStoreException ArchiveUnverified() =>
        new("TH1024", "An archive bundle did not verify after it was written; nothing was recorded as archived.");
}
