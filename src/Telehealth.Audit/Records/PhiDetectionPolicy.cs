namespace Telehealth.Audit;

/// <summary>What the audit log does with free text in which the PHI detector finds a match.</summary>
public enum PhiDetectionPolicy
{
    /// <summary>The record is refused with <see cref="AuditErrorCodes.RecordFieldPhiDetected"/>; nothing is stored.</summary>
    Reject = 0,

    /// <summary>Every match is replaced by <c>[PHI:&lt;pattern name&gt;]</c> and the record is stored.</summary>
    Redact = 1,
}
