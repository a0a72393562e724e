using System.Buffers.Binary;
using System.Text;

namespace Telehealth.Audit;

/// <summary>
/// The C2SP signed-note format: text, a blank line, then <c>— name base64(key id || signature)</c> lines.
/// Parsing accepts every note the specification allows (any key name without spaces or '+', any
/// signature length, valid UTF-8 without control characters other than newline) up to the bounds
/// below; verification ignores signatures by unknown keys and rejects a note in which any signature by
/// a trusted key fails.
/// </summary>
internal static class SignedNote
{
    /// <summary>The longest note accepted, in UTF-8 bytes: room for well over 16 post-quantum signatures.</summary>
    public const int MaxNoteBytes = 256 * 1024;

    /// <summary>The most signature lines accepted; the specification asks for at least 16.</summary>
    public const int MaxSignatures = 100;

    private const string SignaturePrefix = "\u2014 ";

    public static string Sign(string text, CheckpointSigningKey key)
    {
        var signature = key.Sign(Encoding.UTF8.GetBytes(text));
        var blob = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, key.KeyId);
        signature.CopyTo(blob, 4);
        return $"{text}\n{SignaturePrefix}{key.Name} {Convert.ToBase64String(blob)}\n";
    }

    public static (string Text, NoteSignature[] Signatures) Parse(string note)
    {
        if (note.Length > MaxNoteBytes)
        {
            throw Errors.Checkpoint($"the note is longer than {MaxNoteBytes} bytes.");
        }

        if (note.Any(c => c < ' ' && c != '\n') || !UnicodeText.IsWellFormed(note))
        {
            throw Errors.Checkpoint("the note is not valid UTF-8 without control characters.");
        }

        if (Encoding.UTF8.GetByteCount(note) > MaxNoteBytes)
        {
            throw Errors.Checkpoint($"the note is longer than {MaxNoteBytes} bytes.");
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0 || !note.EndsWith('\n') || split + 2 >= note.Length)
        {
            throw Errors.Checkpoint("the note has no signature block.");
        }

        var text = note[..(split + 1)];
        var lines = note[(split + 2)..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            throw Errors.Checkpoint($"the note has more than {MaxSignatures} signatures.");
        }

        var signatures = new NoteSignature[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            signatures[i] = ParseSignatureLine(lines[i]);
        }

        return (text, signatures);
    }

    /// <summary>
    /// Checks the signatures of <paramref name="text"/> against the trusted keys: a signature line whose
    /// key name and key id match no trusted key is ignored, whatever its length; every line that does
    /// match must verify; and at least one must.
    /// </summary>
    public static bool IsSignedBy(string text, IReadOnlyList<NoteSignature> signatures, IEnumerable<CheckpointVerifierKey> trustedKeys)
    {
        var keys = trustedKeys.ToArray();
        byte[]? bytes = null;
        var verified = false;
        foreach (var signature in signatures)
        {
            var known = false;
            var valid = false;
            foreach (var key in keys)
            {
                if (key.KeyId != signature.KeyId || !string.Equals(key.Name, signature.KeyName, StringComparison.Ordinal))
                {
                    continue;
                }

                known = true;
                bytes ??= Encoding.UTF8.GetBytes(text);
                valid |= key.Verify(bytes, signature.Signature.Span);
            }

            if (known && !valid)
            {
                return false;
            }

            verified |= valid;
        }

        return verified;
    }

    private static NoteSignature ParseSignatureLine(string line)
    {
        var space = line.IndexOf(' ', SignaturePrefix.Length);
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal) || space < 0)
        {
            throw Errors.Checkpoint("a signature line is malformed.");
        }

        var name = line[SignaturePrefix.Length..space];
        var encoded = line[(space + 1)..];
        var blob = new byte[encoded.Length / 4 * 3];
        if (!NoteKey.IsValidName(name) || encoded.Length == 0 || encoded.Length % 4 != 0
            || !Convert.TryFromBase64String(encoded, blob, out var written) || written < 5
            || Convert.ToBase64String(blob, 0, written) != encoded)
        {
            throw Errors.Checkpoint("a signature line is malformed.");
        }

        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..written]);
    }
}
