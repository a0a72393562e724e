using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Telehealth.Crypto;

/// <summary>
/// Deterministic keyed pseudonyms for correlating identifiers (patient ids, MRNs, e-mail
/// addresses) in logs and analytics without revealing them. The same identifier, purpose and key
/// version always give the same token; without the key, a token reveals nothing about the
/// identifier and cannot be confirmed by guessing.
/// </summary>
/// <remarks>
/// Token text is <c>tok1.&lt;version&gt;.&lt;value&gt;</c>, where value is the first 160 bits of
/// HMAC-SHA256(key, "tok1" 0x00 len(purpose) purpose UTF-8(NFC(identifier))) in lowercase
/// base32. See FORMAT.md, Integrity. The tokenizer does not own its keys. Safe for concurrent use;
/// the span path allocates nothing for identifiers that are already NFC-normalized.
/// </remarks>
public sealed class Tokenizer
{
    /// <summary>The longest token text: prefix, a 10-digit version, a dot and the 32-character value.</summary>
    public const int MaxTokenLength = 5 + 10 + 1 + PseudonymToken.ValueLength;

    /// <summary>The longest identifier accepted, in UTF-16 code units.</summary>
    public const int MaxIdentifierLength = 1024;

    private const int MacBytes = 20;
    private const int StackInputBytes = 512;

    private readonly RotatingKeys<TokenizationKey> _keys;

    /// <summary>Initializes a new instance of the <see cref="Tokenizer"/> class with one key, which is primary.</summary>
    /// <param name="primary">The primary key.</param>
    public Tokenizer(TokenizationKey primary)
        : this([primary ?? throw new ArgumentNullException(nameof(primary))], primary.Version)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="Tokenizer"/> class.</summary>
    /// <param name="keys">The keys; versions must be distinct.</param>
    /// <param name="primaryVersion">The version of the key that makes new tokens.</param>
    /// <exception cref="CryptoException">TH2071: two keys share a version; TH2079: no key has <paramref name="primaryVersion"/>.</exception>
    public Tokenizer(IEnumerable<TokenizationKey> keys, uint primaryVersion)
    {
        _keys = new RotatingKeys<TokenizationKey>(keys, static k => k.Version, primaryVersion);
    }

    /// <summary>Gets the version of the key that makes new tokens.</summary>
    public uint PrimaryVersion => _keys.Current.PrimaryVersion;

    /// <summary>Gets the versions the tokenizer holds.</summary>
    public IReadOnlyList<uint> Versions => _keys.Current.Versions;

    /// <summary>Adds a key that can make and check tokens of its version and can later be promoted.</summary>
    /// <param name="key">The key.</param>
    /// <exception cref="CryptoException">TH2071: the tokenizer already holds this version.</exception>
    public void Add(TokenizationKey key) => _keys.Add(key);

    /// <summary>Makes a key version the primary.</summary>
    /// <param name="version">The version.</param>
    /// <exception cref="CryptoException">TH2072: no such version.</exception>
    public void Promote(uint version) => _keys.Promote(version);

    /// <summary>Removes a key version, after its tokens have been re-tokenized.</summary>
    /// <param name="version">The version.</param>
    /// <exception cref="CryptoException">TH2072: no such version; TH2073: it is the primary.</exception>
    public void Remove(uint version) => _keys.Remove(version);

    /// <summary>Makes the token of an identifier with the primary key.</summary>
    /// <param name="identifier">The identifier; normalized to NFC first.</param>
    /// <param name="purpose">The namespace of the token.</param>
    /// <returns>The token text.</returns>
    /// <exception cref="CryptoException">TH2081: the identifier is not well-formed Unicode or is too long.</exception>
    public string Tokenize(string identifier, TokenPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return Create(_keys.Current.Primary, identifier, purpose);
    }

    /// <summary>Makes the token of an identifier with a given key version, to look up data tokenized before a rotation.</summary>
    /// <param name="identifier">The identifier.</param>
    /// <param name="purpose">The namespace of the token.</param>
    /// <param name="version">The key version.</param>
    /// <returns>The token text.</returns>
    /// <exception cref="CryptoException">TH2072: no such version; TH2081: the identifier is not well-formed Unicode or is too long.</exception>
    public string Tokenize(string identifier, TokenPurpose purpose, uint version)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return Create(_keys.Current.Find(version) ?? throw Errors.UnknownKeyVersion(version), identifier, purpose);
    }

    /// <summary>Makes the token of an identifier with the primary key into a caller buffer.</summary>
    /// <param name="identifier">The identifier; normalized to NFC first.</param>
    /// <param name="purpose">The namespace of the token.</param>
    /// <param name="destination">The destination; <see cref="MaxTokenLength"/> characters always suffice.</param>
    /// <param name="charsWritten">The length of the token, or 0.</param>
    /// <returns><see langword="true"/> if the token was written; <see langword="false"/> if the destination is too small.</returns>
    /// <exception cref="CryptoException">TH2081: the identifier is not well-formed Unicode or is too long.</exception>
    public bool TryTokenize(ReadOnlySpan<char> identifier, TokenPurpose purpose, Span<char> destination, out int charsWritten) =>
        TryWrite(_keys.Current.Primary, identifier, purpose, destination, out charsWritten);

    /// <summary>
    /// Re-tokenizes under the primary key: checks that <paramref name="existingToken"/> is the
    /// token of <paramref name="identifier"/> under its own version, then returns the primary-version token.
    /// </summary>
    /// <param name="identifier">The original identifier.</param>
    /// <param name="purpose">The namespace of both tokens.</param>
    /// <param name="existingToken">The token stored so far.</param>
    /// <returns>The token under the primary key version.</returns>
    /// <exception cref="TokenFormatException">TH2080: <paramref name="existingToken"/> is not a token.</exception>
    /// <exception cref="CryptoException">TH2072: its version is unknown; TH2082: it was not made from this identifier and purpose.</exception>
    public string Retokenize(string identifier, TokenPurpose purpose, string existingToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(existingToken);
        var parsed = PseudonymToken.Parse(existingToken);
        var keys = _keys.Current;
        var key = keys.Find(parsed.Version) ?? throw Errors.UnknownKeyVersion(parsed.Version);
        if (!Same(key, identifier, purpose, parsed.Text))
        {
            throw Errors.TokenDoesNotMatch();
        }

        return Create(keys.Primary, identifier, purpose);
    }

    /// <summary>
    /// Checks in constant time whether <paramref name="token"/> is the token of
    /// <paramref name="identifier"/> under the version it names. Malformed tokens and unknown
    /// versions give <see langword="false"/>.
    /// </summary>
    /// <param name="identifier">The identifier.</param>
    /// <param name="purpose">The namespace of the token.</param>
    /// <param name="token">The token text.</param>
    /// <returns><see langword="true"/> if the token matches.</returns>
    public bool Matches(string identifier, TokenPurpose purpose, string token)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(purpose);
        ArgumentNullException.ThrowIfNull(token);
        if (PseudonymToken.TryRead(token, out var version) is not null)
        {
            return false;
        }

        var key = _keys.Current.Find(version);
        return key is not null && Same(key, identifier, purpose, token);
    }

    private static bool Same(TokenizationKey key, ReadOnlySpan<char> identifier, TokenPurpose purpose, ReadOnlySpan<char> token)
    {
        Span<char> expected = stackalloc char[MaxTokenLength];
        TryWrite(key, identifier, purpose, expected, out var written);
        return written == token.Length
            && CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected[..written]), MemoryMarshal.AsBytes(token));
    }

    private static string Create(TokenizationKey key, ReadOnlySpan<char> identifier, TokenPurpose purpose)
    {
        Span<char> token = stackalloc char[MaxTokenLength];
        TryWrite(key, identifier, purpose, token, out var written);
        return new string(token[..written]);
    }

    private static bool TryWrite(TokenizationKey key, ReadOnlySpan<char> identifier, TokenPurpose purpose, Span<char> destination, out int charsWritten)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        if (identifier.IsEmpty)
        {
            throw new ArgumentException("The identifier is empty.", nameof(identifier));
        }

        if (identifier.Length > MaxIdentifierLength)
        {
            throw Errors.InvalidIdentifier();
        }

        Span<char> digits = stackalloc char[10];
        key.Version.TryFormat(digits, out var digitCount, default, CultureInfo.InvariantCulture);
        var length = PseudonymToken.Prefix.Length + digitCount + 1 + PseudonymToken.ValueLength;
        if (destination.Length < length)
        {
            charsWritten = 0;
            return false;
        }

        Span<byte> stackInput = stackalloc byte[StackInputBytes];
        Span<byte> mac = stackalloc byte[32];
        char[]? rentedChars = null;
        byte[]? rentedBytes = null;
        var normalizedLength = 0;
        var inputLength = 0;
        try
        {
            var normalized = Normalize(identifier, ref rentedChars, out normalizedLength);
            var prefix = purpose.Prefix;
            var maxInput = prefix.Length + (normalized.Length * 3);
            var input = maxInput <= StackInputBytes ? stackInput : (rentedBytes = ArrayPool<byte>.Shared.Rent(maxInput));
            prefix.CopyTo(input);
            if (Utf8.FromUtf16(normalized, input[prefix.Length..], out _, out var utf8Length, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                throw Errors.InvalidIdentifier();
            }

            inputLength = prefix.Length + utf8Length;
            key.Mac(input[..inputLength], mac);

            PseudonymToken.Prefix.CopyTo(destination);
            var position = PseudonymToken.Prefix.Length;
            digits[..digitCount].CopyTo(destination[position..]);
            position += digitCount;
            destination[position++] = '.';
            Base32.Encode(mac[..MacBytes], destination.Slice(position, PseudonymToken.ValueLength));
            charsWritten = length;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stackInput);
            CryptographicOperations.ZeroMemory(mac);
            if (rentedBytes is not null)
            {
                CryptographicOperations.ZeroMemory(rentedBytes.AsSpan(0, inputLength));
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }

            if (rentedChars is not null)
            {
                rentedChars.AsSpan(0, normalizedLength).Clear();
                ArrayPool<char>.Shared.Return(rentedChars);
            }
        }
    }

    private static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> identifier, ref char[]? rented, out int length)
    {
        length = 0;
        try
        {
            if (identifier.IsNormalized(NormalizationForm.FormC))
            {
                return identifier;
            }

            var needed = identifier.GetNormalizedLength(NormalizationForm.FormC);
            if (needed > MaxIdentifierLength * 3)
            {
                throw Errors.InvalidIdentifier();
            }

            rented = ArrayPool<char>.Shared.Rent(needed);
            if (!identifier.TryNormalize(rented, out length, NormalizationForm.FormC))
            {
                throw Errors.InvalidIdentifier();
            }

            return rented.AsSpan(0, length);
        }
        catch (ArgumentException ex)
        {
            throw Errors.InvalidIdentifier(ex);
        }
    }
}
