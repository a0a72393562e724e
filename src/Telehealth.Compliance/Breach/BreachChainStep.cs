using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>The clock of one party of a business associate chain, from <see cref="BreachDeadlineEngine.Cascade"/>.</summary>
public sealed class BreachChainStep
{
    internal BreachChainStep(BreachChainParty party, string? upstreamPartyId, DateOnly? discoveredOn, DiscoveryBasis basis, BreachNotificationDeadline? notifyUpstream)
    {
        Party = party;
        UpstreamPartyId = upstreamPartyId;
        DiscoveredOn = discoveredOn;
        Basis = basis;
        NotifyUpstream = notifyUpstream;
    }

    /// <summary>Gets the party.</summary>
    public BreachChainParty Party { get; }

    /// <summary>Gets the id of the party above, which this party must notify; <see langword="null"/> for the covered entity at the top.</summary>
    public string? UpstreamPartyId { get; }

    /// <summary>Gets the date the party is treated as having discovered the breach; <see langword="null"/> while its clock has not started.</summary>
    public DateOnly? DiscoveredOn { get; }

    /// <summary>Gets why the party is treated as having discovered the breach on <see cref="DiscoveredOn"/>.</summary>
    public DiscoveryBasis Basis { get; }

    /// <summary>Gets the deadline of the party's notice to the party above (164.410(b)); <see langword="null"/> at the top or while the clock has not started.</summary>
    public BreachNotificationDeadline? NotifyUpstream { get; }

    /// <summary>Gets a value indicating whether the party notified the party above after its deadline.</summary>
    public bool NotifiedLate => Party.NotifiedUpstreamOn is { } notified && NotifyUpstream is { } deadline && notified > deadline.DueBy;

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Party.PartyId} discovered {DiscoveredOn:yyyy-MM-dd} ({Basis}){(NotifyUpstream is { } d ? $", notify {UpstreamPartyId} by {d.DueBy:yyyy-MM-dd}" : string.Empty)}");
}
