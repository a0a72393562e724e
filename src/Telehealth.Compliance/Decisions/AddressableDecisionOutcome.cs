namespace Telehealth.Compliance;

/// <summary>What was decided for an addressable implementation specification (45 CFR 164.306(d)(3)(ii)).</summary>
public enum AddressableDecisionOutcome
{
    /// <summary>The specification is reasonable and appropriate and is implemented as written.</summary>
    Implemented = 1,

    /// <summary>
    /// Implementing the specification is not reasonable and appropriate; an equivalent alternative measure is
    /// implemented instead, described in <see cref="AddressableDecision.AlternativeMeasure"/>.
    /// </summary>
    EquivalentAlternative = 2,

    /// <summary>
    /// Neither the specification nor an equivalent alternative is reasonable and appropriate; the rationale
    /// documents why, and the standard is still met.
    /// </summary>
    NotReasonableAndAppropriate = 3,
}
