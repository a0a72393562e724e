namespace Telehealth.Compliance;

/// <summary>Where the notices of a breach assessment stand on the date of a <see cref="ComplianceAssessment"/>.</summary>
public enum BreachNotificationState
{
    /// <summary>No notice is required: not a breach, or the PHI was secured.</summary>
    NoNoticeRequired = 0,

    /// <summary>A required notice has not been given yet (<see cref="BreachStatus.IsOverdue"/> says whether one is past its deadline).</summary>
    Open = 1,

    /// <summary>Every notice was given except the annual log to the Secretary (164.408(c)), which is not due yet.</summary>
    PendingAnnualLog = 2,

    /// <summary>Every required notice was given.</summary>
    Notified = 3,
}
