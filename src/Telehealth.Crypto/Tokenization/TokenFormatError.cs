namespace Telehealth.Crypto;

/// <summary>Why text is not a valid pseudonym token.</summary>
public enum TokenFormatError
{
    /// <summary>The text is empty or longer than <see cref="Tokenizer.MaxTokenLength"/>.</summary>
    WrongLength = 1,

    /// <summary>The text does not start with <c>tok1.</c>.</summary>
    UnknownPrefix = 2,

    /// <summary>The version is missing, 0, has leading zeros, non-digits or does not fit 32 bits.</summary>
    MalformedVersion = 3,

    /// <summary>The value is not 32 lowercase base32 characters.</summary>
    MalformedValue = 4,
}
