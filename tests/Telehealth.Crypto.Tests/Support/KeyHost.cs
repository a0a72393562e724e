using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Crypto.Tests;

/// <summary>A real keyring on the file store in a temporary directory with the local provider, one "node".</summary>
internal sealed class KeyHost : IDisposable
{
    private readonly bool _ownsDirectory;

    public KeyHost(
        TempDirectory? directory = null,
        LocalMasterKey? masterKey = null,
        FakeTimeProvider? time = null,
        Action<KeyringOptions>? keyring = null,
        Action<EnvelopeCipherOptions>? cipher = null,
        bool subjectKeys = false,
        Telehealth.Audit.IAuditLog? auditLog = null)
    {
        _ownsDirectory = directory is null;
        Directory = directory ?? new TempDirectory();
        MasterKey = masterKey ?? LocalMasterKey.Generate();
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        Provider = new CountingProvider(new LocalKeyEncryptionKeyProvider(MasterKey));
        Options = new KeyringOptions { RefreshInterval = TimeSpan.Zero, PropagationDelay = TimeSpan.Zero };
        keyring?.Invoke(Options);
        Store = new FileKeyringStore(Directory.Combine("keys"));
        Keyring = new Keyring(Store, [Provider], Options, Time, auditLog);
        Keyring.InitializeAsync().AsTask().GetAwaiter().GetResult();
        CipherOptions = new EnvelopeCipherOptions();
        cipher?.Invoke(CipherOptions);
        SubjectKeys = subjectKeys ? new SubjectKeyStore(Directory.Combine("subjects"), Keyring, Time, auditLog) : null;
        Cipher = new EnvelopeCipher(Keyring, CipherOptions, SubjectKeys, Time, auditLog);
    }

    public TempDirectory Directory { get; }

    public LocalMasterKey MasterKey { get; }

    public FakeTimeProvider Time { get; }

    public CountingProvider Provider { get; }

    public KeyringOptions Options { get; }

    public EnvelopeCipherOptions CipherOptions { get; }

    public FileKeyringStore Store { get; }

    public Keyring Keyring { get; }

    public SubjectKeyStore? SubjectKeys { get; }

    public EnvelopeCipher Cipher { get; }

    /// <summary>Adds a version and promotes it (propagation delay is zero by default).</summary>
    public async Task<int> RotateAsync()
    {
        var added = await Keyring.AddPendingVersionAsync();
        Time.Advance(Options.PropagationDelay);
        await Keyring.PromoteAsync(added.Version);
        return added.Version;
    }

    public void Dispose()
    {
        Cipher.Dispose();
        SubjectKeys?.Dispose();
        Provider.Dispose();
        if (_ownsDirectory)
        {
            MasterKey.Dispose();
            Directory.Dispose();
        }
    }
}
