namespace Telehealth.Audit;

/// <summary>
/// Thrown when an audit record is refused before anything is stored: a field is missing, too long,
/// malformed, unclassified or of a forbidden classification. Nothing is truncated silently.
/// </summary>
public sealed class AuditRecordRejectedException : AuditException
{
    /// <summary>Initializes a new instance of the <see cref="AuditRecordRejectedException"/> class.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="field">The name of the offending field (never its value).</param>
    /// <param name="message">What is wrong with the field.</param>
    public AuditRecordRejectedException(string code, string field, string message)
        : base(code, $"Audit record rejected: field '{field}' {message}")
    {
        Field = field;
    }

    /// <summary>Gets the name of the offending field.</summary>
    public string Field { get; }
}
