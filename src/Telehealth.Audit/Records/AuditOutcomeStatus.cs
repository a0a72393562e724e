namespace Telehealth.Audit;

/// <summary>How an audited action ended.</summary>
public enum AuditOutcomeStatus
{
    /// <summary>The action was performed.</summary>
    Success = 0,

    /// <summary>The action was refused by an access decision.</summary>
    Denied = 1,

    /// <summary>The action was attempted and failed.</summary>
    Failed = 2,
}
