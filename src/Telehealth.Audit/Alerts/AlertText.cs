using System.Buffers;

namespace Telehealth.Audit;

/// <summary>Makes ids safe to put in an alert message: no control or line-break characters, bounded length.</summary>
internal static class AlertText
{
    private const int MaxLength = 128;
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        string.Concat(
            new string(Enumerable.Range(0, 0x20).Select(i => (char)i).ToArray()),
            new string(Enumerable.Range(0x7F, 0x21).Select(i => (char)i).ToArray()),
            "\u2028\u2029"));

    public static string Id(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "-";
        }

        if (value.Length <= MaxLength && !value.AsSpan().ContainsAny(Unsafe))
        {
            return value;
        }

        var length = Math.Min(value.Length, MaxLength);
        return string.Create(length, value, static (span, source) =>
        {
            source.AsSpan(0, span.Length).CopyTo(span);
            int index;
            while ((index = span.IndexOfAny(Unsafe)) >= 0)
            {
                span[index] = '?';
            }

            if (char.IsHighSurrogate(span[^1]))
            {
                span[^1] = '?';
            }
        });
    }
}
