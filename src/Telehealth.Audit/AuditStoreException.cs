namespace Telehealth.Audit;

/// <summary>
/// Thrown when an audit store cannot do what was asked: it is owned by another process, it is
/// closed, or its durable contents contradict its own integrity data.
/// </summary>
public sealed class AuditStoreException : AuditException
{
    /// <summary>Initializes a new instance of the <see cref="AuditStoreException"/> class.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public AuditStoreException(string code, string message, Exception? innerException = null)
        : base(code, message, innerException)
    {
    }

    /// <summary>Gets the position (sequence number) where damage was found, when the failure is tied to one.</summary>
    public long? Position { get; init; }

    /// <summary>Gets the store file (relative to the store directory) where damage was found, when the failure is tied to one.</summary>
    public string? FileName { get; init; }
}
