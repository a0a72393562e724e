namespace Telehealth.Compliance;

/// <summary>
/// The assessment of one section of the Breach Notification Rule: its status, the breach assessments it concerns and the
/// findings that point at it. It is <see cref="CoverageStatus.NotSatisfied"/> when a finding points at it (a notice
/// overdue, late or given during a law enforcement delay), <see cref="CoverageStatus.Satisfied"/> when a notice it
/// governs was given in time, and <see cref="CoverageStatus.NotAssessed"/> when no breach has called for it yet.
/// </summary>
public sealed class BreachNotificationCoverage
{
    internal BreachNotificationCoverage(BreachNotificationRequirement requirement, CoverageStatus status, IReadOnlyList<string> assessmentIds, IReadOnlyList<ComplianceFinding> findings)
    {
        Requirement = requirement;
        Status = status;
        AssessmentIds = assessmentIds;
        Findings = findings;
    }

    /// <summary>Gets the section of the rule.</summary>
    public BreachNotificationRequirement Requirement { get; }

    /// <summary>Gets the conclusion.</summary>
    public CoverageStatus Status { get; }

    /// <summary>Gets the ids of the breach assessments whose notices the section governs, in ordinal order.</summary>
    public IReadOnlyList<string> AssessmentIds { get; }

    /// <summary>Gets the findings that point at the section.</summary>
    public IReadOnlyList<ComplianceFinding> Findings { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Requirement.Citation} {Status}";
}
