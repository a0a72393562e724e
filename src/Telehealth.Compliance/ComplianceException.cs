namespace Telehealth.Compliance;

/// <summary>
/// The failure raised by Telehealth.Compliance. <see cref="Code"/> is stable (<c>TH5xxx</c>), so callers
/// and support tooling can act on it without parsing the message.
/// </summary>
public class ComplianceException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ComplianceException"/> class.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A message that describes the failure.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ComplianceException(string code, string message, Exception? innerException = null)
        : base($"{code}: {message}", innerException)
    {
        Code = code;
    }

    /// <summary>Gets the stable error code, such as <c>TH5001</c>.</summary>
    public string Code { get; }
}
