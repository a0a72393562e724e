namespace Telehealth.Compliance;

/// <summary>What an assessment concludes for one standard or implementation specification.</summary>
public enum CoverageStatus
{
    /// <summary>No current evidence and no finding: not demonstrated either way.</summary>
    NotAssessed = 0,

    /// <summary>Current evidence shows the requirement met, and no finding or gap points at it.</summary>
    Satisfied = 1,

    /// <summary>A finding or current evidence shows a gap.</summary>
    NotSatisfied = 2,
}
