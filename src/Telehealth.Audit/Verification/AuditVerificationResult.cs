namespace Telehealth.Audit;

/// <summary>
/// The outcome of verifying a log or a bundle. It is valid only when <see cref="Failure"/> is
/// <see cref="AuditVerificationFailure.None"/>. A valid log may still end in entries no signed
/// checkpoint covers yet: <see cref="UnsealedEntries"/> says how many.
/// </summary>
public sealed class AuditVerificationResult
{
    private AuditVerificationResult(AuditVerificationFailure failure, long? position, string message, long entriesVerified, IReadOnlyList<Checkpoint> checkpoints, IReadOnlyList<Checkpoint> pinned, long unsealed, long firstRetained = 0)
    {
        FirstRetained = firstRetained;
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

    /// <summary>
    /// Gets the first entry the store holds: 0, or where a pruned store starts. The entries before it
    /// were archived and removed; the tree over them was checked through the store's tiles only.
    /// </summary>
    public long FirstRetained { get; }

    /// <summary>Gets how many entries verified before the first failure (all of them when valid, from <see cref="FirstRetained"/>).</summary>
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

    internal static AuditVerificationResult Valid(long entries, IReadOnlyList<Checkpoint> checkpoints, IReadOnlyList<Checkpoint>? pinned = null, long firstRetained = 0)
    {
        pinned ??= [];
        var sealedUpTo = checkpoints.Concat(pinned).Select(c => c.TreeSize).DefaultIfEmpty(0).Max();
        var unsealed = Math.Max(0, entries - sealedUpTo);
        var message = (firstRetained > 0 ? $"Entries before {firstRetained} were pruned after archiving; " : string.Empty)
            + $"{entries - firstRetained} entries and {checkpoints.Count} checkpoints verified"
            + (pinned.Count > 0 ? $", consistent with {pinned.Count} pinned checkpoints" : string.Empty)
            + (unsealed > 0 ? $"; the last {unsealed} entries are not covered by a signed checkpoint yet." : ".");
        return new(AuditVerificationFailure.None, null, message, entries - firstRetained, checkpoints, pinned, unsealed, firstRetained);
    }

    internal static AuditVerificationResult Failed(AuditVerificationFailure failure, long position, string message, long verified) =>
        new(failure, position, message, verified, [], [], 0);
}
