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
}
