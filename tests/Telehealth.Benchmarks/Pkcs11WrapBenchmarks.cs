using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Telehealth.Crypto;
using Telehealth.Crypto.Pkcs11;

namespace Telehealth.Benchmarks;

/// <summary>
/// Wrap plus unwrap of one 32-byte data key: in a PKCS#11 token (SoftHSM2, AES-GCM through
/// C_Encrypt/C_Decrypt) beside the local provider (AES-GCM in process) as the baseline. This is the
/// cost an envelope pays per data key when the data-key cache is off. Needs a SoftHSM2 token named by
/// TELEHEALTH_TEST_PKCS11_LIBRARY, TELEHEALTH_TEST_PKCS11_TOKEN and TELEHEALTH_TEST_PKCS11_PIN (as
/// .ci/run sets up; see the Telehealth.Crypto.Pkcs11 README); without them the setup fails and
/// BenchmarkDotNet reports that the benchmark could not run. Run:
///   dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*Pkcs11*' --job short
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "BenchmarkDotNet releases them in [GlobalCleanup].")]
public class Pkcs11WrapBenchmarks
{
    private readonly byte[] _dataKey = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _associatedData = "benchmark v1"u8.ToArray();
    private readonly byte[] _unwrapped = new byte[32];
    private LocalMasterKey? _masterKey;
    private LocalKeyEncryptionKeyProvider? _local;
    private Pkcs11KeyEncryptionKeyProvider? _hsm;
    private string _localReference = "";
    private string _hsmReference = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var library = Environment.GetEnvironmentVariable("TELEHEALTH_TEST_PKCS11_LIBRARY");
        var token = Environment.GetEnvironmentVariable("TELEHEALTH_TEST_PKCS11_TOKEN");
        if (string.IsNullOrEmpty(library) || string.IsNullOrEmpty(token) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TELEHEALTH_TEST_PKCS11_PIN")))
        {
            throw new InvalidOperationException("Pkcs11WrapBenchmarks cannot run: set TELEHEALTH_TEST_PKCS11_LIBRARY, TELEHEALTH_TEST_PKCS11_TOKEN and TELEHEALTH_TEST_PKCS11_PIN to a SoftHSM2 token (see the Telehealth.Crypto.Pkcs11 README).");
        }

        _masterKey = LocalMasterKey.Generate();
        _local = new LocalKeyEncryptionKeyProvider(_masterKey);
        _localReference = await _local.CreateKeyAsync("benchmark", 1);
        _hsm = new Pkcs11KeyEncryptionKeyProvider(new Pkcs11KeyEncryptionKeyProviderOptions
        {
            LibraryPath = library,
            TokenLabel = token,
            PinEnvironmentVariable = "TELEHEALTH_TEST_PKCS11_PIN",
            KeyLabelPrefix = "telehealth-benchmark/",
        });
        _hsmReference = await _hsm.CreateKeyAsync("benchmark", 1);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_hsm is not null)
        {
            await _hsm.DestroyKeyAsync(_hsmReference);
            _hsm.Dispose();
        }

        _local?.Dispose();
        _masterKey?.Dispose();
    }

    [Benchmark(Baseline = true, Description = "Local provider: wrap + unwrap a 32-byte data key")]
    public async Task LocalWrapUnwrap()
    {
        var wrapped = await _local!.WrapAsync(_localReference, _dataKey, _associatedData);
        await _local.UnwrapAsync(_localReference, wrapped, _associatedData, _unwrapped);
    }

    [Benchmark(Description = "PKCS#11 SoftHSM2: wrap + unwrap a 32-byte data key")]
    public async Task Pkcs11WrapUnwrap()
    {
        var wrapped = await _hsm!.WrapAsync(_hsmReference, _dataKey, _associatedData);
        await _hsm.UnwrapAsync(_hsmReference, wrapped, _associatedData, _unwrapped);
    }
}
