namespace Telehealth.Audit;

/// <summary>The outcome of an audited action and, when it did not succeed, a stable reason code.</summary>
/// <param name="Status">How the action ended.</param>
/// <param name="ReasonCode">A stable, machine-readable reason such as <c>mfa.invalid_code</c>; optional.</param>
public sealed record AuditOutcome(AuditOutcomeStatus Status, string? ReasonCode = null)
{
    /// <summary>Gets the outcome of an action that was performed.</summary>
    public static AuditOutcome Success { get; } = new(AuditOutcomeStatus.Success);

    /// <summary>Creates the outcome of an action refused by an access decision.</summary>
    /// <param name="reasonCode">A stable reason code.</param>
    /// <returns>The outcome.</returns>
    public static AuditOutcome Denied(string reasonCode) => new(AuditOutcomeStatus.Denied, reasonCode);

    /// <summary>Creates the outcome of an action that was attempted and failed.</summary>
    /// <param name="reasonCode">A stable reason code.</param>
    /// <returns>The outcome.</returns>
    public static AuditOutcome Failed(string reasonCode) => new(AuditOutcomeStatus.Failed, reasonCode);
}
