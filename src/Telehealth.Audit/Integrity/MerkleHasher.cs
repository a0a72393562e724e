using System.Security.Cryptography;

namespace Telehealth.Audit;

/// <summary>
/// The hashes of <see cref="MerkleHash"/> computed through one reused SHA-256 context, for a worker
/// that hashes many entries. Each one-shot <see cref="SHA256.HashData(ReadOnlySpan{byte}, Span{byte})"/>
/// creates and frees a context, which for a short entry costs about as much as the hashing itself.
/// Not thread-safe: one instance per worker.
/// </summary>
internal sealed class MerkleHasher : IDisposable
{
    private const int StackLimit = 1024;
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Writes SHA-256(0x00 || <paramref name="data"/>).</summary>
    public void Leaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (data.Length < StackLimit)
        {
            // One call with the prefix in place is cheaper than two appends.
            Span<byte> buffer = stackalloc byte[data.Length + 1];
            buffer[0] = 0x00;
            data.CopyTo(buffer[1..]);
            _sha.AppendData(buffer);
        }
        else
        {
            _sha.AppendData([0x00]);
            _sha.AppendData(data);
        }

        _sha.GetHashAndReset(destination);
    }

    /// <summary>Writes SHA-256(0x01 || <paramref name="left"/> || <paramref name="right"/>); the destination may overlap either input.</summary>
    public void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + MerkleHash.Size + MerkleHash.Size];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + MerkleHash.Size)..]);
        _sha.AppendData(buffer);
        _sha.GetHashAndReset(destination);
    }

    /// <inheritdoc />
    public void Dispose() => _sha.Dispose();
}
