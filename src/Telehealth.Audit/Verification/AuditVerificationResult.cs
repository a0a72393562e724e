namespace Telehealth.Audit;

/// <summary>
/// The outcome of verifying a log or a bundle. It is valid only when <see cref="Failure"/> is
/// <see cref="AuditVerificationFailure.None"/>. A valid log may still end in entries no signed
/// checkpoint covers yet: <see cref="UnsealedEntries"/> says how many.
/// </summary>
public sealed class AuditVerificationResult
{
    private AuditVerificationResult(AuditVerificationFailure failure, long? position, string message, long entriesVerified, IReadOnlyList<Checkpoint> checkpoints, IReadOnlyList<Checkpoint> pinned, long unsealed)
    {
        Failure = failure;
        Position = position;
        Message = message;
        EntriesVerified = entriesVerified;
        Checkpoints = checkpoints;
        PinnedCheckpoints = pinned;
        UnsealedEntries = unsealed;
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

    /// <summary>Gets the stored checkpoints whose signatures and roots verified.</summary>
    public IReadOnlyList<Checkpoint> Checkpoints { get; }

    /// <summary>Gets the checkpoints pinned outside the store that the log was proven consistent with.</summary>
    public IReadOnlyList<Checkpoint> PinnedCheckpoints { get; }

    /// <summary>
    /// Gets how many entries at the end of a valid log no trusted checkpoint (stored or pinned) covers
    /// yet: they verified against each other, but no signature vouches for them.
    /// </summary>
    public long UnsealedEntries { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Failure}: {Message}";

    internal static AuditVerificationResult Valid(long entries, IReadOnlyList<Checkpoint> checkpoints, IReadOnlyList<Checkpoint>? pinned = null)
    {
        pinned ??= [];
        var sealedUpTo = checkpoints.Concat(pinned).Select(c => c.TreeSize).DefaultIfEmpty(0).Max();
        var unsealed = entries - sealedUpTo;
        var message = $"{entries} entries and {checkpoints.Count} checkpoints verified"
            + (pinned.Count > 0 ? $", consistent with {pinned.Count} pinned checkpoints" : string.Empty)
            + (unsealed > 0 ? $"; the last {unsealed} entries are not covered by a signed checkpoint yet." : ".");
        return new(AuditVerificationFailure.None, null, message, entries, checkpoints, pinned, unsealed);
    }

    internal static AuditVerificationResult Failed(AuditVerificationFailure failure, long position, string message, long verified) =>
        new(failure, position, message, verified, [], [], 0);
}
