namespace Telehealth.Compliance;

/// <summary>The conclusion of a breach assessment (45 CFR 164.402).</summary>
public enum BreachConclusion
{
    /// <summary>One of the three exclusions of paragraph (1) applies; it is not a breach.</summary>
    Excluded = 1,

    /// <summary>The risk assessment of paragraph (2), on at least its four factors, demonstrates a low probability that the PHI has been compromised; it is not a breach.</summary>
    LowProbabilityOfCompromise = 2,

    /// <summary>A breach: the presumption of paragraph (2) stands.</summary>
    Breach = 3,
}
