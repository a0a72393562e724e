namespace Telehealth.Crypto;

/// <summary>
/// The failure raised by Telehealth.Crypto. <see cref="Code"/> is stable (<c>TH2xxx</c>), so callers
/// and support tooling can act on it without parsing the message. Messages never contain key
/// material, plaintext or the encryption context.
/// </summary>
public class CryptoException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CryptoException"/> class.</summary>
    /// <param name="code">The stable error code.</param>
    /// <param name="message">A message that describes the failure.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public CryptoException(string code, string message, Exception? innerException = null)
        : base($"{code}: {message}", innerException)
    {
        Code = code;
    }

    /// <summary>Gets the stable error code, such as <c>TH2001</c>.</summary>
    public string Code { get; }
}
