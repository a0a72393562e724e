
namespace Telehealth.Crypto.Tests.Tokenization;

public sealed class PseudonymTokenTests
{
    private const string Valid = "tok1.1.jhk3ncoxiqbipznb5kc5ucopiejpivur";

    [Fact]
    public void Parse_ValidToken()
    {
        var token = PseudonymToken.Parse("tok1.4294967295.jhk3ncoxiqbipznb5kc5ucopiejpivur");

        Assert.Equal(uint.MaxValue, token.Version);
        Assert.Equal(Tokenizer.MaxTokenLength, token.Text.Length);
        Assert.Equal(PseudonymToken.Parse(Valid), PseudonymToken.Parse(Valid));
        Assert.Equal(Valid, PseudonymToken.Parse(Valid).ToString());
        Assert.True(PseudonymToken.TryParse(Valid, out var parsed));
        Assert.Equal(1u, parsed.Version);
    }

    [Theory]
    [InlineData("", TokenFormatError.WrongLength)]
    [InlineData("tok1.1.jhk3ncoxiqbipznb5kc5ucopiejpivurjhk3ncoxiqbipz", TokenFormatError.WrongLength)]
    [InlineData("tok2.1.jhk3ncoxiqbipznb5kc5ucopiejpivur", TokenFormatError.UnknownPrefix)]
    [InlineData("TOK1.1.jhk3ncoxiqbipznb5kc5ucopiejpivur", TokenFormatError.UnknownPrefix)]
    [InlineData("tok1.0.jhk3ncoxiqbipznb5kc5ucopiejpivur", TokenFormatError.MalformedVersion)]
    [InlineData("tok1.01.jhk3ncoxiqbipznb5kc5ucopiejpivur", TokenFormatError.MalformedVersion)]
    [InlineData("tok1.+1.jhk3ncoxiqbipznb5kc5ucopiejpivur", TokenFormatError.MalformedVersion)]
    [InlineData("tok1..jhk3ncoxiqbipznb5kc5ucopiejpivur", TokenFormatError.MalformedVersion)]
    [InlineData("tok1.4294967296.jhk3ncoxiqbipznb5kc5ucopiejpivur", TokenFormatError.MalformedVersion)]
    [InlineData("tok1.1jhk3ncoxiqbipznb5kc5ucopiejpivur", TokenFormatError.MalformedVersion)]
    [InlineData("tok1.1.JHK3NCOXIQBIPZNB5KC5UCOPIEJPIVUR", TokenFormatError.MalformedValue)]
    [InlineData("tok1.1.jhk3ncoxiqbipznb5kc5ucopiejpivu", TokenFormatError.MalformedValue)]
    [InlineData("tok1.1.jhk3ncoxiqbipznb5kc5ucopiejpivur=", TokenFormatError.MalformedValue)]
    [InlineData("tok1.1.jhk3ncoxiqbipznb5kc5ucopiejpiv18", TokenFormatError.MalformedValue)]
    [InlineData("tok1.1.jhk3ncoxiqbipznb5kc5ucopiejpi.ur", TokenFormatError.MalformedValue)]
    public void Parse_Malformed_ThrowsTypedError(string text, TokenFormatError reason)
    {
        var ex = Assert.Throws<TokenFormatException>(() => PseudonymToken.Parse(text));

        Assert.Equal(reason, ex.Reason);
        Assert.Equal("TH2080", ex.Code);
        Assert.DoesNotContain(text.Length > 0 ? text : "\0", ex.Message, StringComparison.Ordinal);
        Assert.False(PseudonymToken.TryParse(text, out _));
    }

    [Fact]
    public void Parse_TruncatedAtEveryLength_IsRejected()
    {
        for (var length = 0; length < Valid.Length; length++)
        {
            Assert.Throws<TokenFormatException>(() => PseudonymToken.Parse(Valid[..length]));
        }

        Assert.Throws<TokenFormatException>(() => PseudonymToken.Parse(Valid + "a"));
        Assert.Throws<TokenFormatException>(() => PseudonymToken.Parse(new string('a', 100_000)));
        Assert.Throws<ArgumentNullException>("text", () => PseudonymToken.Parse(null!));
        Assert.False(PseudonymToken.TryParse(null, out _));
    }
}
