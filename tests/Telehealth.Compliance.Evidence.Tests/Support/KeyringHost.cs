using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Evidence.Tests;

/// <summary>A real keyring on the file store in a temporary directory with the local provider, and a cipher to make envelopes.</summary>
internal sealed class KeyringHost : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly LocalMasterKey _masterKey = LocalMasterKey.Generate();
    private readonly LocalKeyEncryptionKeyProvider _provider;

    public KeyringHost(string keyringId = "default")
    {
        _provider = new LocalKeyEncryptionKeyProvider(_masterKey);
        Options = new KeyringOptions { KeyringId = keyringId, RefreshInterval = TimeSpan.Zero, PropagationDelay = TimeSpan.Zero };
        Keyring = new Keyring(new FileKeyringStore(_directory.Combine("keys")), [_provider], Options, Time);
        Keyring.InitializeAsync().AsTask().GetAwaiter().GetResult();
        Cipher = new EnvelopeCipher(Keyring, new EnvelopeCipherOptions(), null, Time);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public KeyringOptions Options { get; }

    public Keyring Keyring { get; }

    public EnvelopeCipher Cipher { get; }

    public string Directory => _directory.Path;

    public byte[] Encrypt(string recordId) =>
        Cipher.Encrypt("visit note"u8, new EncryptionContext("clinic-a", "visit-note", recordId, "storage"));

    /// <summary>Adds a version and promotes it; the previous primary becomes decrypt-only.</summary>
    public async Task<int> RotateAsync()
    {
        var added = await Keyring.AddPendingVersionAsync();
        await Keyring.PromoteAsync(added.Version);
        return added.Version;
    }

    public void Dispose()
    {
        Cipher.Dispose();
        _provider.Dispose();
        _masterKey.Dispose();
        _directory.Dispose();
    }
}
