namespace Telehealth.Audit;

/// <summary>
/// The base of every operational failure raised by Telehealth.Audit. <see cref="Code"/> is stable
/// (<c>TH1xxx</c>) and messages never contain record values, keys or PHI.
/// </summary>
public class AuditException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="AuditException"/> class.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A message that describes the failure without revealing secrets.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public AuditException(string code, string message, Exception? innerException = null)
        : base($"{code}: {message}", innerException)
    {
        Code = code;
    }

    /// <summary>Gets the stable error code, such as <c>TH1001</c>.</summary>
    public string Code { get; }
}
