namespace Telehealth.Audit;

/// <summary>How urgently an <see cref="AuditAlert"/> needs a person's attention.</summary>
public enum AuditAlertSeverity
{
    /// <summary>Worth recording; no action expected.</summary>
    Info = 0,

    /// <summary>Unusual activity that someone should review.</summary>
    Warning = 1,

    /// <summary>Activity that needs prompt review, such as break-glass access or a possible breach.</summary>
    Critical = 2,
}
