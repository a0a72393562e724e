using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telehealth.Audit;

/// <summary>
/// The <c>pruned</c> file (FORMAT.md, "File store layout"): where a pruned store starts and the record
/// that authorized the prune. Written durably before any segment is removed.
/// </summary>
internal static class PruneFile
{
    public const string FileName = "pruned";
    public const int Size = 8 + 8 + 8 + MerkleHash.Size;
    private static ReadOnlySpan<byte> Magic => "THAUDPR1"u8;

    /// <exception cref="AuditFormatException">The file exists but is not a well-formed prune mark.</exception>
    public static AuditPruneMark? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        if (file.Length != Size)
        {
            throw Errors.Format("the prune mark has the wrong length.");
        }

        var bytes = new byte[Size];
        file.ReadExactly(bytes);
        var first = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(8));
        var authorizing = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(16));
        if (!bytes.AsSpan(0, 8).SequenceEqual(Magic) || !SHA256.HashData(bytes.AsSpan(0, 24)).AsSpan().SequenceEqual(bytes.AsSpan(24)) || first <= 0 || authorizing < first)
        {
            throw Errors.Format("the prune mark is damaged.");
        }

        return new AuditPruneMark(first, authorizing);
    }

    public static void Write(string directory, AuditPruneMark mark)
    {
        var bytes = new byte[Size];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(8), mark.FirstRetained);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(16), mark.AuthorizingSequence);
        SHA256.HashData(bytes.AsSpan(0, 24), bytes.AsSpan(24));
        OwnerOnlyFiles.ReplaceDurably(Path.Combine(directory, FileName), bytes);
    }
}
