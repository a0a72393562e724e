using System.Text;

namespace Telehealth.Crypto;

/// <summary>Rules for keyring ids, which are written in every envelope header as ASCII.</summary>
internal static class KeyringIds
{
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= EnvelopeLayout.MaxKeyringIdLength && id.All(IsAllowed);

    public static bool IsValid(ReadOnlySpan<byte> id)
    {
        foreach (var b in id)
        {
            if (b > 0x7F || !IsAllowed((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static volatile DecodedId? lastDecoded;

    /// <summary>Decodes an id; the last one is remembered, so reading envelopes of one keyring allocates nothing.</summary>
    public static string Decode(ReadOnlySpan<byte> id)
    {
        var last = lastDecoded;
        if (last is not null && id.SequenceEqual(last.Bytes))
        {
            return last.Text;
        }

        var text = Encoding.ASCII.GetString(id);
        lastDecoded = new DecodedId(id.ToArray(), text);
        return text;
    }

    public static int Encode(string id, Span<byte> destination) => Encoding.ASCII.GetBytes(id, destination);

    public static string Require(string id, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(id, parameterName);
        if (!IsValid(id))
        {
            throw new ArgumentException($"A keyring id is 1 to {EnvelopeLayout.MaxKeyringIdLength} characters of A-Z, a-z, 0-9, '.', '_' or '-'.", parameterName);
        }

        return id;
    }

    private sealed class DecodedId(byte[] bytes, string text)
    {
        public byte[] Bytes { get; } = bytes;

        public string Text { get; } = text;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
