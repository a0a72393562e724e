namespace Telehealth.Compliance;

/// <summary>An addressable specification without a current decision, as reported by <see cref="AddressableDecisionRegister.GetPending"/>.</summary>
public sealed class PendingAddressableDecision
{
    internal PendingAddressableDecision(SecurityRuleEntry specification, PendingDecisionReason reason, AddressableDecision? latestDecision)
    {
        Specification = specification;
        Reason = reason;
        LatestDecision = latestDecision;
    }

    /// <summary>Gets the addressable specification.</summary>
    public SecurityRuleEntry Specification { get; }

    /// <summary>Gets why a decision is needed.</summary>
    public PendingDecisionReason Reason { get; }

    /// <summary>Gets the decision whose review is overdue; <see langword="null"/> when there is none.</summary>
    public AddressableDecision? LatestDecision { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Specification.Citation} {Reason}";
}
