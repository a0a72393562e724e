namespace Telehealth.Compliance;

/// <summary>Where a risk stands on its way to closure.</summary>
public enum RiskStatus
{
    /// <summary>Identified; no treatment has started.</summary>
    Open = 1,

    /// <summary>The treatment is under way.</summary>
    InTreatment = 2,

    /// <summary>The treatment is complete and evidenced; see <see cref="RiskEntry.EvidenceIds"/>.</summary>
    Closed = 3,

    /// <summary>
    /// The risk is accepted as it is (<see cref="RiskTreatment.Accept"/>), documented by <see cref="RiskEntry.Acceptance"/>;
    /// it is carried, not closed, and is due for review on <see cref="RiskAcceptance.ReviewOn"/>.
    /// </summary>
    Accepted = 4,
}
