
namespace Telehealth.Crypto.Tests.Tokenization;

public sealed class TokenizerTests
{
    private static readonly TokenPurpose Logs = new("logs");
    private static readonly TokenPurpose Analytics = new("analytics");

    private static TokenizationKey DocumentKey() => TokenizationKey.Import(1, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Format_WorkedExamples_MatchIntegrityFormatDocument()
    {
        using var key = DocumentKey();
        var tokenizer = new Tokenizer(key);

        Assert.Equal("tok1.1.jhk3ncoxiqbipznb5kc5ucopiejpivur", tokenizer.Tokenize("MRN-0012345", Logs));
        Assert.Equal("tok1.1.6u3feow5quroezvd7ge44kdn6rnuhqqc", tokenizer.Tokenize("MRN-0012345", Analytics));
    }

    [Fact]
    public void Tokenize_IsDeterministic_AndPurposesAreSeparated()
    {
        using var key = TokenizationKey.Generate(5);
        var tokenizer = new Tokenizer(key);

        var first = tokenizer.Tokenize("patient-102", Logs);
        var again = tokenizer.Tokenize("patient-102", Logs);
        var otherPurpose = tokenizer.Tokenize("patient-102", Analytics);
        var otherId = tokenizer.Tokenize("patient-103", Logs);

        Assert.Equal(first, again);
        Assert.StartsWith("tok1.5.", first, StringComparison.Ordinal);
        Assert.Equal(7 + 32, first.Length);
        Assert.NotEqual(first[7..], otherPurpose[7..]);
        Assert.NotEqual(first[7..], otherId[7..]);
        Assert.True(tokenizer.Matches("patient-102", Logs, first));
        Assert.False(tokenizer.Matches("patient-102", Analytics, first));
        Assert.False(tokenizer.Matches("patient-103", Logs, first));
    }

    [Fact]
    public void Tokenize_NormalizesToNfc()
    {
        using var key = DocumentKey();
        var tokenizer = new Tokenizer(key);

        var decomposed = tokenizer.Tokenize("Jose\u0301", Logs);
        var composed = tokenizer.Tokenize("Jos\u00e9", Logs);

        Assert.Equal(composed, decomposed);
        Assert.Equal("tok1.1.h7ouu6xux37yh3o7xkhsfeuvqhhaoyy5", composed);
        Assert.True(tokenizer.Matches("Jose\u0301", Logs, composed));
    }

    [Fact]
    public void Tokenize_IllFormedUnicode_IsRejected()
    {
        using var key = TokenizationKey.Generate(1);
        var tokenizer = new Tokenizer(key);
        char[] highAtEnd = ['a', 'b', 'c', (char)0xD800];
        char[] lowAtStart = [(char)0xDC00, 'a', 'b', 'c'];
        char[] decomposedThenLone = ['e', (char)0x0301, (char)0xDBFF];

        foreach (var identifier in new[] { highAtEnd, lowAtStart, decomposedThenLone })
        {
            Assert.Equal("TH2081", Assert.Throws<CryptoException>(() => tokenizer.Tokenize(new string(identifier), Logs)).Code);
        }
    }

    [Fact]
    public void Tokenize_LimitsAndArguments()
    {
        using var key = TokenizationKey.Generate(1);
        var tokenizer = new Tokenizer(key);

        Assert.StartsWith("tok1.1.", tokenizer.Tokenize(new string('x', Tokenizer.MaxIdentifierLength), Logs), StringComparison.Ordinal);
        Assert.StartsWith("tok1.1.", tokenizer.Tokenize(new string('\u00e9', Tokenizer.MaxIdentifierLength), Logs), StringComparison.Ordinal);
        Assert.Equal("TH2081", Assert.Throws<CryptoException>(() => tokenizer.Tokenize(new string('x', Tokenizer.MaxIdentifierLength + 1), Logs)).Code);
        Assert.Throws<ArgumentException>("identifier", () => tokenizer.Tokenize(string.Empty, Logs));
        Assert.Throws<ArgumentNullException>("identifier", () => tokenizer.Tokenize(null!, Logs));
        Assert.Throws<ArgumentNullException>("purpose", () => tokenizer.Tokenize("x", null!));
        Assert.Throws<ArgumentException>("name", () => new TokenPurpose("Logs"));
        Assert.Throws<ArgumentException>("name", () => new TokenPurpose(string.Empty));
        Assert.Throws<ArgumentException>("name", () => new TokenPurpose(new string('a', 65)));
        Assert.Equal("TH2070", Assert.Throws<CryptoException>(() => TokenizationKey.Import(1, new byte[31])).Code);
        Assert.Throws<ArgumentOutOfRangeException>("version", () => TokenizationKey.Generate(0));
    }

    [Fact]
    public void Rotation_Retokenize_MovesTokensToThePrimaryVersion()
    {
        using var v1 = TokenizationKey.Generate(1);
        using var v2 = TokenizationKey.Generate(2);
        var tokenizer = new Tokenizer(v1);
        var old = tokenizer.Tokenize("patient-102", Logs);

        tokenizer.Add(v2);
        tokenizer.Promote(2);
        var moved = tokenizer.Retokenize("patient-102", Logs, old);

        Assert.StartsWith("tok1.2.", moved, StringComparison.Ordinal);
        Assert.Equal(tokenizer.Tokenize("patient-102", Logs), moved);
        Assert.Equal(old, tokenizer.Tokenize("patient-102", Logs, version: 1));
        Assert.True(tokenizer.Matches("patient-102", Logs, old));
        Assert.True(tokenizer.Matches("patient-102", Logs, moved));
        Assert.Equal("TH2082", Assert.Throws<CryptoException>(() => tokenizer.Retokenize("patient-103", Logs, old)).Code);
        Assert.Equal("TH2082", Assert.Throws<CryptoException>(() => tokenizer.Retokenize("patient-102", Analytics, old)).Code);
        Assert.Equal(TokenFormatError.UnknownPrefix, Assert.Throws<TokenFormatException>(() => tokenizer.Retokenize("patient-102", Logs, "patient-102")).Reason);

        tokenizer.Remove(1);

        Assert.False(tokenizer.Matches("patient-102", Logs, old));
        Assert.Equal("TH2072", Assert.Throws<CryptoException>(() => tokenizer.Retokenize("patient-102", Logs, old)).Code);
        Assert.Equal("TH2072", Assert.Throws<CryptoException>(() => tokenizer.Tokenize("patient-102", Logs, version: 1)).Code);
        Assert.Equal([2u], tokenizer.Versions);
    }

    [Fact]
    public void Matches_RejectsEverySingleBitFlipOfTheToken()
    {
        using var key = TokenizationKey.Generate(3);
        var tokenizer = new Tokenizer(key);
        var token = tokenizer.Tokenize("patient-102", Logs);

        for (var i = 0; i < token.Length; i++)
        {
            for (var bit = 0; bit < 16; bit++)
            {
                var chars = token.ToCharArray();
                chars[i] = (char)(chars[i] ^ (1 << bit));
                var flipped = new string(chars);

                Assert.False(tokenizer.Matches("patient-102", Logs, flipped), $"char {i} bit {bit}");
                if (PseudonymToken.TryParse(flipped, out var parsed))
                {
                    Assert.True(parsed.Version != 3 || !string.Equals(parsed.Text, token, StringComparison.Ordinal));
                }
            }
        }
    }

    [Fact]
    public void TryTokenize_SpanPath_RespectsTheDestination_AndAllocatesNothing()
    {
        using var key = TokenizationKey.Generate(1);
        var tokenizer = new Tokenizer(key);
        Span<char> small = stackalloc char[38];
        var buffer = new char[Tokenizer.MaxTokenLength];

        Assert.False(tokenizer.TryTokenize("patient-102", Logs, small, out var none));
        Assert.Equal(0, none);
        Assert.True(tokenizer.TryTokenize("patient-102", Logs, buffer, out var written));
        Assert.Equal(tokenizer.Tokenize("patient-102", Logs), new string(buffer, 0, written));

        Allocations.AssertNone(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                tokenizer.TryTokenize("patient-102", Logs, buffer, out _);
            }
        });
    }

    [Fact]
    public void Dispose_WipesTheKeyBytes()
    {
        var key = TokenizationKey.Import(1, Enumerable.Repeat((byte)0x5a, 32).ToArray());
        var bytes = Integrity.HmacKeySetTests.KeyBytes(key);

        key.Dispose();

        Assert.Equal(32, bytes.Length);
        Assert.All(bytes, b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => new Tokenizer(key).Tokenize("x", Logs));
    }

    [Fact]
    public void ToString_ShowsTheVersion_NotTheKey()
    {
        var bytes = Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray();
        using var key = TokenizationKey.Import(4, bytes);

        var text = key.ToString();

        Assert.Equal("TokenizationKey v4", text);
        Assert.DoesNotContain(Convert.ToHexString(bytes), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(bytes), text, StringComparison.Ordinal);
        Assert.Equal("logs", Logs.ToString());
    }
}
