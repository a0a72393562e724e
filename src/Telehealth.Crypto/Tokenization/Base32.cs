namespace Telehealth.Crypto;

/// <summary>RFC 4648 base32 in lowercase without padding, for whole 5-byte groups only.</summary>
internal static class Base32
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static void Encode(ReadOnlySpan<byte> source, Span<char> destination)
    {
        for (int i = 0, o = 0; i < source.Length; i += 5, o += 8)
        {
            ulong group = 0;
            for (var j = 0; j < 5; j++)
            {
                group = (group << 8) | source[i + j];
            }

            for (var j = 7; j >= 0; j--)
            {
                destination[o + j] = Alphabet[(int)(group & 31)];
                group >>= 5;
            }
        }
    }

    public static bool IsValid(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterLower(c) && c is not (>= '2' and <= '7'))
            {
                return false;
            }
        }

        return true;
    }
}
