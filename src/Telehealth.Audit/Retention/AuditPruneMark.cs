namespace Telehealth.Audit;

/// <summary>
/// Where a pruned store starts: entries before <see cref="FirstRetained"/> were archived as verifiable
/// bundles and then removed; the record at <see cref="AuthorizingSequence"/> (action
/// <see cref="AuditArchiver.PrunedAction"/>, covered by a signed checkpoint) documents it. The tree's
/// tiles are kept, so proofs and consistency for everything after it still work.
/// </summary>
/// <param name="FirstRetained">The first sequence number the store still holds.</param>
/// <param name="AuthorizingSequence">The sequence number of the record that documents the prune.</param>
public sealed record AuditPruneMark(long FirstRetained, long AuthorizingSequence);
