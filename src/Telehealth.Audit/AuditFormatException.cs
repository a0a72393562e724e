namespace Telehealth.Audit;

/// <summary>
/// Thrown when stored or exported audit data (an entry, a segment file, a checkpoint, a proof or a
/// bundle) is malformed: truncated, oversized, of an unknown version or otherwise not what the
/// format in FORMAT.md allows.
/// </summary>
public sealed class AuditFormatException : AuditException
{
    /// <summary>Initializes a new instance of the <see cref="AuditFormatException"/> class.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">What is malformed.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public AuditFormatException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }

    /// <summary>Gets the position (sequence number) of the damaged entry, when the failure is tied to one.</summary>
    public long? Position { get; init; }
}
