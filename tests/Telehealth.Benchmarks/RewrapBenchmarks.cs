using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Telehealth.Crypto;

namespace Telehealth.Benchmarks;

/// <summary>
/// Moving one record to a new key version: re-wrapping its data key (header only) against decrypting
/// and re-encrypting the whole record, for a 1 KiB and a 10 MiB record. Rewrap cost must not depend
/// on the record size. Run: dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*RewrapBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class RewrapBenchmarks : IDisposable
{
    private readonly EncryptionContext _context = new("clinic-a", "recording", "visit-1", "storage");
    private string _directory = string.Empty;
    private LocalMasterKey? _masterKey;
    private LocalKeyEncryptionKeyProvider? _provider;
    private EnvelopeCipher? _cipher;
    private byte[] _envelope = [];

    [Params(1024, 10 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "telehealth-bench-rewrap-" + Guid.NewGuid().ToString("N"));
        _masterKey = LocalMasterKey.Generate();
        _provider = new LocalKeyEncryptionKeyProvider(_masterKey);
        var keyring = new Keyring(new FileKeyringStore(_directory), [_provider], new KeyringOptions { PropagationDelay = TimeSpan.Zero, RefreshInterval = TimeSpan.FromHours(1) });
        _cipher = new EnvelopeCipher(keyring);
        _envelope = _cipher.Encrypt(RandomNumberGenerator.GetBytes(Size), _context);
        var added = keyring.AddPendingVersionAsync().AsTask().GetAwaiter().GetResult();
        keyring.PromoteAsync(added.Version).AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "decrypt + re-encrypt the record")]
    public int ReEncrypt() => _cipher!.Encrypt(_cipher.Decrypt(_envelope, _context), _context).Length;

    [Benchmark(Description = "RewrapAsync (header only)")]
    public async Task<int> Rewrap() => (await _cipher!.RewrapAsync(_envelope)).Header.Length;

    [GlobalCleanup]
    public void Dispose()
    {
        _cipher?.Dispose();
        _provider?.Dispose();
        _masterKey?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
