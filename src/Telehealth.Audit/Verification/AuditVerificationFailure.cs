namespace Telehealth.Audit;

/// <summary>What a verification found wrong, at the first bad position.</summary>
public enum AuditVerificationFailure
{
    /// <summary>Nothing is wrong.</summary>
    None = 0,

    /// <summary>An entry's bytes differ from what was hashed and chained when it was appended.</summary>
    Modified,

    /// <summary>One or more entries are gone: the sequence skips.</summary>
    Missing,

    /// <summary>Entries are out of order.</summary>
    Reordered,

    /// <summary>An entry that was never appended through the log was inserted.</summary>
    Inserted,

    /// <summary>The log ends before the tree size a signed checkpoint committed to.</summary>
    TruncatedAfterCheckpoint,

    /// <summary>A checkpoint's signature does not verify with any trusted key.</summary>
    BadSignature,

    /// <summary>Stored data is not in the documented format and cannot be read.</summary>
    Malformed,

    /// <summary>The log has entries but no checkpoint signed by a trusted key vouches for any of them.</summary>
    NoTrustedCheckpoint,

    /// <summary>
    /// The log contradicts a checkpoint pinned outside the store: it is shorter than the pinned tree
    /// (rolled back) or has a different root at its size (forked or rewritten).
    /// </summary>
    InconsistentWithPinnedCheckpoint,

    /// <summary>A hash tile the store persists disagrees with the entries, is missing, or covers entries that are gone.</summary>
    TileMismatch,

    /// <summary>Signed checkpoints the store kept are gone (for instance <c>checkpoints.log</c> was deleted).</summary>
    CheckpointMissing,
}
