using System.Globalization;

namespace Telehealth.Crypto;

/// <summary>
/// A parsed pseudonym token <c>tok1.&lt;version&gt;.&lt;value&gt;</c>: the key version and the
/// 32-character lowercase base32 value (the first 160 bits of the MAC). See FORMAT.md, Integrity.
/// </summary>
public sealed class PseudonymToken : IEquatable<PseudonymToken>
{
    /// <summary>The text every token of this format starts with.</summary>
    public const string Prefix = "tok1.";

    /// <summary>The number of characters of the value part.</summary>
    public const int ValueLength = 32;

    private PseudonymToken(string text, uint version)
    {
        Text = text;
        Version = version;
    }

    /// <summary>Gets the token text.</summary>
    public string Text { get; }

    /// <summary>Gets the tokenization key version that made the token.</summary>
    public uint Version { get; }

    /// <summary>Parses token text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The token.</returns>
    /// <exception cref="TokenFormatException">TH2080: the text is not a valid token; <see cref="TokenFormatException.Reason"/> says why.</exception>
    public static PseudonymToken Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var error = TryRead(text, out var version);
        return error is null ? new PseudonymToken(text, version) : throw Errors.MalformedToken(error.Value);
    }

    /// <summary>Parses token text without throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="token">The token, when the text is valid.</param>
    /// <returns><see langword="true"/> if the text is a valid token.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PseudonymToken? token)
    {
        if (text is not null && TryRead(text, out var version) is null)
        {
            token = new PseudonymToken(text, version);
            return true;
        }

        token = null;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(PseudonymToken? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as PseudonymToken);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    /// <summary>Returns the token text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Text;

    /// <summary>Checks the syntax of token text.</summary>
    /// <returns>The error, or <see langword="null"/> when the text is valid.</returns>
    internal static TokenFormatError? TryRead(ReadOnlySpan<char> text, out uint version)
    {
        version = 0;
        if (text.IsEmpty || text.Length > Tokenizer.MaxTokenLength)
        {
            return TokenFormatError.WrongLength;
        }

        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return TokenFormatError.UnknownPrefix;
        }

        var rest = text[Prefix.Length..];
        var dot = rest.IndexOf('.');
        if (dot < 0)
        {
            return TokenFormatError.MalformedVersion;
        }

        var digits = rest[..dot];
        if (digits.IsEmpty || digits[0] == '0' || !IsAsciiDigits(digits)
            || !uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out version))
        {
            version = 0;
            return TokenFormatError.MalformedVersion;
        }

        var value = rest[(dot + 1)..];
        if (value.Length != ValueLength || !Base32.IsValid(value))
        {
            version = 0;
            return TokenFormatError.MalformedValue;
        }

        return null;
    }

    private static bool IsAsciiDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
