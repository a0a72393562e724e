using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Telehealth.Audit;

namespace Telehealth.Benchmarks;

/// <summary>
/// Inclusion proof generation on a 1,000,000-record log (goal: under 50 µs, ceil(log2 n) = 20
/// hashes), beside the bare cost of the 20 SHA-256 node hashes a verifier recomputes.
/// Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*InclusionProofBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class InclusionProofBenchmarks
{
    private const int Size = 1_000_000;
    private MerkleTree _tree = new();
    private byte[] _root = [];
    private long _index;

    [GlobalSetup]
    public void Setup()
    {
        _tree = new MerkleTree();
        Span<byte> leaf = stackalloc byte[32];
        for (var i = 0; i < Size; i++)
        {
            BitConverter.TryWriteBytes(leaf, i);
            _tree.Append(MerkleHash.Leaf(leaf));
        }

        _root = _tree.Root(Size);
    }

    [Benchmark(Description = "MerkleTree.InclusionPath (n = 1,000,000)")]
    public IReadOnlyList<byte[]> Generate()
    {
        _index = (_index + 7919) % Size;
        return _tree.InclusionPath(_index, Size);
    }

    [Benchmark(Description = "generate + MerkleProofs.VerifyInclusion")]
    public bool GenerateAndVerify()
    {
        _index = (_index + 7919) % Size;
        return MerkleProofs.VerifyInclusion(_tree.LeafHash(_index), _index, Size, _tree.InclusionPath(_index, Size), _root);
    }

    [Benchmark(Baseline = true, Description = "bare SHA-256 x 20 node hashes")]
    public byte[] BareNodeHashes()
    {
        Span<byte> node = stackalloc byte[65];
        for (var i = 0; i < 20; i++)
        {
            SHA256.HashData(node, node[1..33]);
        }

        return node[1..33].ToArray();
    }
}
