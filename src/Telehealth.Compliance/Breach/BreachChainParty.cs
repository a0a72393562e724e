namespace Telehealth.Compliance;

/// <summary>
/// One party of the chain through which a breach at a business associate or subcontractor reaches the covered entity,
/// as passed to <see cref="BreachDeadlineEngine.Cascade"/>: what the party itself knew and when it told the party above.
/// </summary>
public sealed record BreachChainParty
{
    /// <summary>Gets the party's id, such as a vendor id or <c>covered-entity</c>.</summary>
    public required string PartyId { get; init; }

    /// <summary>
    /// Gets the first day the party itself knew of the breach, or by reasonable diligence would have known;
    /// <see langword="null"/> if it learned only from the party below. Required for the first party of the chain.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? DiscoveredOn { get; init; }

    /// <summary>Gets the date the party notified the party above it; <see langword="null"/> if not yet (and for the covered entity).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? NotifiedUpstreamOn { get; init; }

    /// <summary>
    /// Gets a value indicating whether the party acts as an agent of the party above it under the federal common law of
    /// agency; its discovery is then imputed to that party. An independent contractor's discovery is not.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool IsAgentOfUpstream { get; init; }

    /// <summary>Gets a law enforcement delay of the party's notice to the party above (164.412).</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public LawEnforcementDelay? LawEnforcementDelay { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{PartyId}{(IsAgentOfUpstream ? " (agent)" : string.Empty)}";
}
