namespace Telehealth.Audit;

/// <summary>
/// The stable codes of <see cref="AuditException.Code"/> and of verification results. Records use
/// <c>TH1001</c>–<c>TH1009</c>, formats <c>TH1010</c>–<c>TH1019</c> and stores <c>TH1020</c>–<c>TH1039</c>
/// (Telehealth.Audit.PostgreSql uses <c>TH1040</c>–<c>TH1049</c>). A code never changes meaning once
/// published; a new kind of failure gets a new code. Branch on these constants, never on messages.
/// </summary>
public static class AuditErrorCodes
{
    /// <summary>A required record field is missing.</summary>
    public const string RecordFieldMissing = "TH1001";

    /// <summary>A record field is longer than its limit.</summary>
    public const string RecordFieldTooLong = "TH1002";

    /// <summary>A record field has a forbidden data classification: audit records must not carry PHI.</summary>
    public const string RecordFieldForbidden = "TH1003";

    /// <summary>A record field has no data classification.</summary>
    public const string RecordFieldUnclassified = "TH1004";

    /// <summary>A record has more extra fields than allowed.</summary>
    public const string RecordTooManyFields = "TH1005";

    /// <summary>A record field is malformed (shape, characters or encoding).</summary>
    public const string RecordFieldMalformed = "TH1006";

    /// <summary>A free-text field matches a pattern of the PHI detector (<see cref="AuditOptions.PhiDetection"/>) and the policy is to reject.</summary>
    public const string RecordFieldPhiDetected = "TH1007";

    /// <summary>An encoded entry is malformed.</summary>
    public const string MalformedEntry = "TH1010";

    /// <summary>A segment file or one of its frames is malformed.</summary>
    public const string MalformedSegment = "TH1011";

    /// <summary>A checkpoint, signed note or key string is malformed.</summary>
    public const string MalformedCheckpoint = "TH1012";

    /// <summary>An export bundle is malformed.</summary>
    public const string MalformedBundle = "TH1014";

    /// <summary>
    /// An entry cannot be exported in the requested format without producing invalid output (a value
    /// a FHIR <c>AuditEvent</c> or an RFC 5424 message cannot carry, such as a year-9999 timestamp for
    /// syslog); entries stored before 0.2.0 may hold such values. Nothing is written for the entry.
    /// </summary>
    public const string UnexportableEntry = "TH1015";

    /// <summary>The store is already open in another process or instance.</summary>
    public const string StoreLocked = "TH1020";

    /// <summary>The store is damaged and was not opened; nothing was modified.</summary>
    public const string StoreDamaged = "TH1021";

    /// <summary>The store has been disposed.</summary>
    public const string StoreClosed = "TH1022";

    /// <summary>Writing records to durable storage failed; they were not stored.</summary>
    public const string WriteFailed = "TH1023";

    /// <summary>An archive bundle did not verify after it was written; nothing was recorded as archived.</summary>
    public const string ArchiveUnverified = "TH1024";

    /// <summary>
    /// The stored history does not match a signed checkpoint (its signature or root), so the log
    /// refuses to append or sign on top of it. Verify the store and restore it from a copy.
    /// </summary>
    public const string HistoryMismatch = "TH1025";

    /// <summary>A tile of the stored Merkle tree is missing or damaged.</summary>
    public const string TileDamaged = "TH1026";

    /// <summary>The entries asked for were pruned from the store after they were archived.</summary>
    public const string EntriesPruned = "TH1027";

    /// <summary>A prune was refused; the message names what still depends on the entries.</summary>
    public const string PruneRefused = "TH1028";

    /// <summary>The development signing key file is readable or writable by other accounts, so it is not used.</summary>
    public const string KeyFileUnprotected = "TH1029";
}
