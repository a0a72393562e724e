using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Telehealth.Audit;

/// <summary>Key names, key ids and key string encodings shared by signer and verifier keys (C2SP signed-note).</summary>
internal static class NoteKey
{
    public const byte Ed25519Type = 0x01;

    public static uint KeyId(string name, ReadOnlySpan<byte> publicKey)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nameBytes.Length + 2 + publicKey.Length];
        nameBytes.CopyTo(input, 0);
        input[nameBytes.Length] = (byte)'\n';
        input[nameBytes.Length + 1] = Ed25519Type;
        publicKey.CopyTo(input.AsSpan(nameBytes.Length + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>
    /// A key name as C2SP signed-note allows it: non-empty, without Unicode spaces or '+'. Characters
    /// below U+0020 cannot appear in a note, and unpaired surrogates are not UTF-8, so both are refused.
    /// </summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && UnicodeText.IsWellFormed(name) && !name.Any(c => c == '+' || c < ' ' || char.IsWhiteSpace(c));

    public static byte[] WithType(ReadOnlySpan<byte> key)
    {
        var typed = new byte[key.Length + 1];
        typed[0] = Ed25519Type;
        key.CopyTo(typed.AsSpan(1));
        return typed;
    }
}
