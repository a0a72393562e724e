namespace Telehealth.Audit;

/// <summary>Creates every exception of the package, so codes and wording stay consistent and free of values.</summary>
internal static class Errors
{
    public static AuditRecordRejectedException Missing(string field) =>
        new(AuditErrorCodes.RecordFieldMissing, field, "is required.");

    public static AuditRecordRejectedException TooLong(string field, int max) =>
        new(AuditErrorCodes.RecordFieldTooLong, field, $"is longer than the limit of {max} characters.");

    public static AuditRecordRejectedException Forbidden(string field) =>
        new(AuditErrorCodes.RecordFieldForbidden, field, "has a forbidden data classification; audit records must not carry PHI.");

    public static AuditRecordRejectedException Unclassified(string field) =>
        new(AuditErrorCodes.RecordFieldUnclassified, field, "has no data classification.");

    public static AuditRecordRejectedException TooMany(string field, int max) =>
        new(AuditErrorCodes.RecordTooManyFields, field, $"has more than {max} entries.");

    public static AuditRecordRejectedException Malformed(string field, string rule) =>
        new(AuditErrorCodes.RecordFieldMalformed, field, $"is malformed: {rule}");

    public static AuditRecordRejectedException NotUnicode(string field) =>
        new(AuditErrorCodes.RecordFieldMalformed, field, "is malformed: it is not well-formed Unicode text (it holds an unpaired surrogate).");

    public static AuditRecordRejectedException PhiDetected(string field, string pattern) =>
        new(AuditErrorCodes.RecordFieldPhiDetected, field, $"matches the PHI pattern '{pattern}'; audit records must not carry PHI.");

    public static AuditFormatException Format(string what) => new(AuditErrorCodes.MalformedEntry, what);

    public static AuditFormatException Segment(long position, string what) =>
        new(AuditErrorCodes.MalformedSegment, $"Malformed segment: the frame of entry {position} {what}") { Position = position };

    public static AuditFormatException Checkpoint(string what, Exception? inner = null) => new(AuditErrorCodes.MalformedCheckpoint, "Malformed checkpoint: " + what, inner);

    public static AuditFormatException Bundle(string what, Exception? inner = null) => new(AuditErrorCodes.MalformedBundle, "Malformed audit bundle: " + what, inner);

    public static AuditFormatException Unexportable(long sequence, string format, string what) =>
        new(AuditErrorCodes.UnexportableEntry, $"Entry {sequence} cannot be exported as {format}: {what}") { Position = sequence };

    public static AuditStoreException Locked(string directory, Exception inner) =>
        new(AuditErrorCodes.StoreLocked, $"The audit store in '{directory}' is already open in another process or instance; a store has a single owner.", inner);

    public static AuditStoreException Damaged(string? fileName, long? position, string what) =>
        new(AuditErrorCodes.StoreDamaged, "The audit store is damaged and was not opened; nothing was modified. " + (fileName is null ? string.Empty : fileName + ": ") + what)
        {
            Position = position,
            FileName = fileName,
        };

    public static AuditStoreException KeyFileUnprotected(string fileName) =>
        new(AuditErrorCodes.KeyFileUnprotected, $"The signing key file {fileName} can be read or written by other accounts; restrict it to the service account (mode 600) before the log uses it.") { FileName = fileName };

    public static AuditStoreException HistoryMismatch(string what) =>
        new(AuditErrorCodes.HistoryMismatch, "The audit log refuses to append or sign: " + what);

    public static AuditStoreException TileDamaged(string fileName, long position) =>
        new(AuditErrorCodes.TileDamaged, $"A tile of the stored tree ({fileName}) is missing or damaged; verify the store.") { Position = position, FileName = fileName };

    public static AuditStoreException Pruned(long requested, long prunedBelow) =>
        new(AuditErrorCodes.EntriesPruned, $"Entries before {prunedBelow} were pruned from the store (archived first); entry {requested} is only in the archive bundles.") { Position = requested };

    public static AuditStoreException PruneRefused(IEnumerable<string> blockers) =>
        new(AuditErrorCodes.PruneRefused, "The prune was refused and nothing was removed: " + string.Join("; ", blockers) + ".");

    public static AuditStoreException WriterStopped(Exception inner) =>
        new(AuditErrorCodes.WriteFailed, "The audit store stopped writing after a failure it could not undo; no further records are accepted. Reopen the store.", inner);

    public static AuditStoreException Closed() => new(AuditErrorCodes.StoreClosed, "The audit store has been disposed.");

    public static AuditStoreException WriteFailed(Exception inner) =>
        new(AuditErrorCodes.WriteFailed, "Writing audit records to disk failed; they were not stored.", inner);

    public static AuditStoreException ArchiveUnverified() =>
        new(AuditErrorCodes.ArchiveUnverified, "An archive bundle did not verify after it was written; nothing was recorded as archived.");
}
