namespace Telehealth.Crypto;

/// <summary>
/// Thrown when text is not a valid pseudonym token (code <c>TH2080</c>). The message never
/// contains the text, which may be something other than a token.
/// </summary>
public sealed class TokenFormatException : CryptoException
{
    internal TokenFormatException(string code, TokenFormatError reason, string message)
        : base(code, message)
    {
        Reason = reason;
    }

    /// <summary>Gets what is wrong with the text.</summary>
    public TokenFormatError Reason { get; }
}
