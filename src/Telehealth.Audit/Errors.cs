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

    public static AuditFormatException Checkpoint(string what) => new("TH1012", "Malformed checkpoint: " + what);

    public static AuditFormatException Proof(string what) => new("TH1013", "Malformed proof: " + what);

    public static AuditFormatException Bundle(string what) => new("TH1014", "Malformed audit bundle: " + what);

    public static AuditStoreException Locked(string directory, Exception inner) =>
        new("TH1020", $"The audit store in '{directory}' is already open in another process or instance; a store has a single owner.", inner);

    public static AuditStoreException Corrupted(string what) =>
        new("TH1021", "The audit store is damaged and was not opened: " + what);

    public static AuditStoreException Closed() => new("TH1022", "The audit store has been disposed.");

    public static AuditStoreException Key(string what) => new("TH1030", "Checkpoint signing key problem: " + what);
}
