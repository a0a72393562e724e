using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Telehealth.Audit;

/// <summary>
/// The <c>head</c> file (FORMAT.md, "File store layout"): how many entries the store has made
/// durable and the last one's leaf hash, rewritten in place after every group commit. It is not
/// fsynced, so after a power failure it may lag behind the segments, never lead them: a head that
/// claims more entries than the segments hold means acknowledged entries were lost, which no crash
/// explains, so the store refuses to open instead of cutting them.
/// </summary>
internal sealed class HeadFile : IDisposable
{
    public const string FileName = "head";
    public const int Size = 8 + 8 + MerkleHash.Size + MerkleHash.Size;
    private static ReadOnlySpan<byte> Magic => "THAUDHD1"u8;

    private readonly FileStream _file;
    private readonly byte[] _buffer = new byte[Size];

    private HeadFile(FileStream file)
    {
        _file = file;
    }

    /// <summary>Opens (creating if needed) the head file of a store directory for rewriting.</summary>
    public static HeadFile Open(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var created = !File.Exists(path);
        var file = OwnerOnlyFiles.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1);
        if (created)
        {
            DirectorySync.Flush(directory);
        }

        return new HeadFile(file);
    }

    /// <summary>Reads a head file: <see langword="null"/> when there is none (a store from before it existed).</summary>
    /// <exception cref="AuditFormatException">The file exists but is not a well-formed head.</exception>
    public static (long Count, byte[] LastHash)? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0)
        {
            // Created, never written: a crash before the first group commit finished.
            return null;
        }

        Span<byte> digest = stackalloc byte[MerkleHash.Size];
        if (bytes.Length != Size || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw Errors.Format("the head file is not a store head.");
        }

        SHA256.HashData(bytes.AsSpan(0, Size - MerkleHash.Size), digest);
        var count = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(8));
        if (!digest.SequenceEqual(bytes.AsSpan(Size - MerkleHash.Size)) || count < 0)
        {
            throw Errors.Format("the head file is damaged.");
        }

        return (count, bytes[16..(16 + MerkleHash.Size)]);
    }

    /// <summary>Rewrites the head in place (one small write at offset 0, no fsync).</summary>
    public void Write(long count, ReadOnlySpan<byte> lastHash)
    {
        Magic.CopyTo(_buffer);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(8), count);
        lastHash.CopyTo(_buffer.AsSpan(16));
        SHA256.HashData(_buffer.AsSpan(0, Size - MerkleHash.Size), _buffer.AsSpan(Size - MerkleHash.Size));
        RandomAccess.Write(_file.SafeFileHandle, _buffer, 0);
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
