using System.Buffers.Binary;
using System.Text;

namespace Telehealth.Audit;

/// <summary>The C2SP signed-note format: text, a blank line, then <c>— name base64(key id || signature)</c> lines.</summary>
internal static class SignedNote
{
    private const string SignaturePrefix = "\u2014 ";
    private const int MaxNoteLength = 16 * 1024;
    private const int MaxSignatures = 16;

    internal readonly record struct Signature(string Name, uint KeyId, byte[] Bytes);

    public static string Sign(string text, CheckpointSigningKey key)
    {
        var signature = key.Sign(Encoding.UTF8.GetBytes(text));
        var blob = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, key.KeyId);
        signature.CopyTo(blob, 4);
        return $"{text}\n{SignaturePrefix}{key.Name} {Convert.ToBase64String(blob)}\n";
    }

    public static (string Text, Signature[] Signatures) Parse(string note)
    {
        if (note.Length > MaxNoteLength)
        {
            throw Errors.Checkpoint($"the note is longer than {MaxNoteLength} characters.");
        }

        if (note.Any(c => (char.IsControl(c) && c != '\n') || char.IsSurrogate(c)))
        {
            throw Errors.Checkpoint("the note contains control characters.");
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
            throw Errors.Checkpoint("the note has too many signatures.");
        }

        var signatures = new Signature[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var space = line.LastIndexOf(' ');
            if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal) || space <= SignaturePrefix.Length)
            {
                throw Errors.Checkpoint("a signature line is malformed.");
            }

            var name = line[SignaturePrefix.Length..space];
            var blob = new byte[4 + 64];
            var encoded = line[(space + 1)..];
            if (!NoteKey.IsValidName(name) || !Convert.TryFromBase64String(encoded, blob, out var written) || written != blob.Length || Convert.ToBase64String(blob) != encoded)
            {
                throw Errors.Checkpoint("a signature line is malformed.");
            }

            signatures[i] = new Signature(name, BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]);
        }

        return (text, signatures);
    }

    public static bool IsSignedBy(string text, IEnumerable<Signature> signatures, CheckpointVerifierKey key)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return signatures.Any(s => s.KeyId == key.KeyId && s.Name == key.Name && key.Verify(bytes, s.Bytes));
    }
}
