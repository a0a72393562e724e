namespace Telehealth.Compliance;

/// <summary>Why a party of a business associate chain is treated as having discovered a breach on a date.</summary>
public enum DiscoveryBasis
{
    /// <summary>The party has not discovered the breach and its clock has not started.</summary>
    NotYetDiscovered = 0,

    /// <summary>The party knew, or by exercising reasonable diligence would have known, of the breach itself (164.404(a)(2), 164.410(a)(2)).</summary>
    OwnKnowledge = 1,

    /// <summary>
    /// The party below acts as this party's agent under the federal common law of agency, so what the agent knows is
    /// known to this party (164.404(a)(2), 164.410(a)(2): "workforce member or agent").
    /// </summary>
    ImputedFromAgent = 2,

    /// <summary>The party below, an independent contractor, notified this party on that date (164.410).</summary>
    NotifiedByParty = 3,
}
