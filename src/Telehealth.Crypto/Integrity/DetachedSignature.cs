using System.Text;

namespace Telehealth.Crypto;

/// <summary>
/// The byte layout of a detached signature value: format byte <c>0x01</c>, algorithm id, key id
/// length (1–64), key id (ASCII), then the 64-byte raw signature of the data itself.
/// </summary>
internal static class DetachedSignature
{
    public const byte Format = 0x01;
    public const int HeaderSize = 3;
    public const int RawSignatureSize = 64;
    public const int MaxKeyIdLength = 64;

    public static int Size(int keyIdLength) => HeaderSize + keyIdLength + RawSignatureSize;

    public static byte[] EncodeKeyId(string keyId, string paramName)
    {
        ArgumentNullException.ThrowIfNull(keyId, paramName);
        if (keyId.Length is 0 or > MaxKeyIdLength || !IsValidKeyId(keyId))
        {
            throw new ArgumentException($"A key id is 1 to {MaxKeyIdLength} characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'.", paramName);
        }

        return Encoding.ASCII.GetBytes(keyId);
    }

    public static bool IsValidKeyId(ReadOnlySpan<char> keyId)
    {
        foreach (var c in keyId)
        {
            if (!IsKeyIdChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidKeyId(ReadOnlySpan<byte> keyId)
    {
        foreach (var b in keyId)
        {
            if (!IsKeyIdChar((char)b))
            {
                return false;
            }
        }

        return true;
    }

    public static void WriteHeader(Span<byte> destination, SigningAlgorithm algorithm, ReadOnlySpan<byte> keyId)
    {
        destination[0] = Format;
        destination[1] = (byte)algorithm;
        destination[2] = (byte)keyId.Length;
        keyId.CopyTo(destination[HeaderSize..]);
    }

    private static bool IsKeyIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-';
}
