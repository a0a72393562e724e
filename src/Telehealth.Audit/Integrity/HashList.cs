namespace Telehealth.Audit;

/// <summary>An append-only list of 32-byte hashes kept in fixed-size chunks, so growth never copies what is stored.</summary>
internal sealed class HashList
{
    private const int ChunkBits = 15;
    private const int ChunkHashes = 1 << ChunkBits;
    private readonly List<byte[]> _chunks = [];

    public long Count { get; private set; }

    public ReadOnlySpan<byte> this[long index] =>
        _chunks[(int)(index >> ChunkBits)].AsSpan((int)(index & (ChunkHashes - 1)) * MerkleHash.Size, MerkleHash.Size);

    public void Add(ReadOnlySpan<byte> hash)
    {
        var slot = (int)(Count & (ChunkHashes - 1));
        if (slot == 0)
        {
            _chunks.Add(new byte[ChunkHashes * MerkleHash.Size]);
        }

        hash.CopyTo(_chunks[^1].AsSpan(slot * MerkleHash.Size, MerkleHash.Size));
        Count++;
    }
}
