namespace Telehealth.Audit;

/// <summary>The outcome of verifying a log or a bundle. It is valid only when <see cref="Failure"/> is <see cref="AuditVerificationFailure.None"/>.</summary>
public sealed record AuditVerificationResult
{
    private AuditVerificationResult(AuditVerificationFailure failure, long? position, string message, long entriesVerified, IReadOnlyList<Checkpoint> checkpoints)
    {
        Failure = failure;
        Position = position;
        Message = message;
        EntriesVerified = entriesVerified;
        Checkpoints = checkpoints;
    }

    /// <summary>Gets a value indicating whether everything verified.</summary>
    public bool IsValid => Failure == AuditVerificationFailure.None;

    /// <summary>Gets what is wrong, or <see cref="AuditVerificationFailure.None"/>.</summary>
    public AuditVerificationFailure Failure { get; }

    /// <summary>Gets the first bad position (sequence number, or a checkpoint's tree size), when there is one.</summary>
    public long? Position { get; }

    /// <summary>Gets a description of the result without record values.</summary>
    public string Message { get; }

    /// <summary>Gets how many entries verified before the first failure (all of them when valid).</summary>
    public long EntriesVerified { get; }

    /// <summary>Gets the checkpoints whose signatures and roots verified.</summary>
    public IReadOnlyList<Checkpoint> Checkpoints { get; }

    internal static AuditVerificationResult Valid(long entries, IReadOnlyList<Checkpoint> checkpoints) =>
        new(AuditVerificationFailure.None, null, $"{entries} entries and {checkpoints.Count} checkpoints verified.", entries, checkpoints);

    internal static AuditVerificationResult Failed(AuditVerificationFailure failure, long position, string message, long verified) =>
        new(failure, position, message, verified, []);
}
