namespace Telehealth.Compliance;

/// <summary>Why an addressable specification needs a decision.</summary>
public enum PendingDecisionReason
{
    /// <summary>No decision has been recorded for the specification.</summary>
    NoDecision,

    /// <summary>The latest decision's next review date has passed.</summary>
    ReviewOverdue,
}
