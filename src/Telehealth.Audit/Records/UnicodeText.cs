namespace Telehealth.Audit;

/// <summary>Checks that .NET strings are text that UTF-8 can carry: no unpaired UTF-16 surrogates.</summary>
internal static class UnicodeText
{
    /// <summary>Returns whether every surrogate in <paramref name="text"/> is half of a high-low pair.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return true;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
