namespace Telehealth.Media;

/// <summary>
/// The failure raised by Telehealth.Media. <see cref="Code"/> is stable (<c>TH4xxx</c>), so callers and
/// support tooling can act on it without parsing the message. Messages never contain key material,
/// keying secrets or packet payloads.
/// </summary>
public class MediaException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="MediaException"/> class.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A message that describes the failure.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public MediaException(string code, string message, Exception? innerException = null)
        : base($"{code}: {message}", innerException)
    {
        Code = code;
    }

    /// <summary>Gets the stable error code, such as <c>TH4001</c>.</summary>
    public string Code { get; }
}
