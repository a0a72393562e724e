using System.Security.Cryptography;

namespace Telehealth.Crypto.Pkcs11.Tests;

/// <summary>Envelope encryption through <see cref="Keyring"/> and <see cref="EnvelopeCipher"/> with key-encryption keys in a SoftHSM2 token.</summary>
[Collection(SoftHsm2TokenGroup.Name)]
public sealed class SoftHsm2EnvelopeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("th-pkcs11-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task Envelopes_round_trip_across_a_rotation_and_old_data_still_decrypts()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var keyring = NewKeyring(provider, SoftHsm2Token.NewKeyringId());
        await keyring.InitializeAsync();
        var references = new List<string>();
        try
        {
            using var cipher = new EnvelopeCipher(keyring);
            var context = new EncryptionContext("tenant-1", "note", "r-1", "TREAT");
            var before = RandomNumberGenerator.GetBytes(1000);

            var sealedBefore = cipher.Encrypt(before, context);
            var added = await keyring.AddPendingVersionAsync();
            await keyring.PromoteAsync(added.Version);
            var after = RandomNumberGenerator.GetBytes(70_000);
            var sealedAfter = await cipher.EncryptAsync(after, context);
            references.AddRange(keyring.Current.Versions.Select(v => v.ProviderReference));

            Assert.All(keyring.Current.Versions, v => Assert.Equal("pkcs11", v.Provider));
            Assert.All(references, r => Assert.StartsWith("pkcs11:v1:", r, StringComparison.Ordinal));
            Assert.Equal(1, EnvelopeInfo.Read(sealedBefore).KeyVersion);
            Assert.Equal(2, EnvelopeInfo.Read(sealedAfter).KeyVersion);
            Assert.Equal(before, cipher.Decrypt(sealedBefore, context));
            Assert.Equal(after, await cipher.DecryptAsync(sealedAfter, context));

            var otherContext = new EncryptionContext("tenant-1", "note", "r-2", "TREAT");
            Assert.ThrowsAny<CryptoException>(() => cipher.Decrypt(sealedBefore, otherContext));
        }
        finally
        {
            foreach (var reference in references)
            {
                await provider.DestroyKeyAsync(reference);
            }
        }
    }

    [SkippableFact]
    public async Task A_destroyed_version_is_gone_from_the_token_and_its_envelopes_no_longer_decrypt()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var keyring = NewKeyring(provider, SoftHsm2Token.NewKeyringId());
        await keyring.InitializeAsync();
        string? current = null;
        try
        {
            using var cipher = new EnvelopeCipher(keyring);
            var context = new EncryptionContext("tenant-1", "recording", "r-9", "TREAT");
            var old = cipher.Encrypt("old"u8, context);
            var retiredReference = keyring.Current.Versions[0].ProviderReference;
            var added = await keyring.AddPendingVersionAsync();
            await keyring.PromoteAsync(added.Version);
            current = added.ProviderReference;
            var fresh = cipher.Encrypt("new"u8, context);

            await keyring.DisableAsync(1);
            await keyring.DestroyAsync(1);

            Assert.Empty(provider.RunInSession(session => provider.FindKeys(session, retiredReference)));
            var error = Assert.Throws<CryptoException>(() => cipher.Decrypt(old, context));
            Assert.Equal("TH2033", error.Code);
            Assert.Equal("new"u8.ToArray(), cipher.Decrypt(fresh, context));

            // Even a node whose keyring still lists the version cannot unwrap: the token no longer has the key.
            var unwrap = Assert.Throws<CryptoException>(() => provider.UnwrapAsync(retiredReference, new byte[60], ReadOnlyMemory<byte>.Empty, new byte[32]).AsTask().GetAwaiter().GetResult());
            Assert.Equal("TH2094", unwrap.Code);
        }
        finally
        {
            if (current is not null)
            {
                await provider.DestroyKeyAsync(current);
            }
        }
    }

    [SkippableFact]
    public async Task Rewrap_moves_an_envelope_to_the_new_token_key_without_touching_its_ciphertext()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var keyring = NewKeyring(provider, SoftHsm2Token.NewKeyringId());
        await keyring.InitializeAsync();
        try
        {
            using var cipher = new EnvelopeCipher(keyring);
            var context = new EncryptionContext("tenant-3", "note", "r-4", "TREAT");
            var plaintext = RandomNumberGenerator.GetBytes(4096);
            var envelope = cipher.Encrypt(plaintext, context);
            var added = await keyring.AddPendingVersionAsync();
            await keyring.PromoteAsync(added.Version);

            var rewrap = await cipher.RewrapAsync(envelope);
            var moved = rewrap.Apply(envelope);

            Assert.True(rewrap.Changed);
            Assert.Equal(2, EnvelopeInfo.Read(moved).KeyVersion);
            Assert.True(envelope.AsSpan(rewrap.ReplacedHeaderLength).SequenceEqual(moved.AsSpan(rewrap.Header.Length)), "the data ciphertext changed");
            Assert.Equal(plaintext, cipher.Decrypt(moved, context));
        }
        finally
        {
            foreach (var version in keyring.Current.Versions)
            {
                await provider.DestroyKeyAsync(version.ProviderReference);
            }
        }
    }

    [SkippableFact]
    public async Task Destroying_a_subject_key_shreds_that_patients_records_only()
    {
        using var provider = SoftHsm2Token.OpenProvider();
        var keyring = NewKeyring(provider, SoftHsm2Token.NewKeyringId());
        await keyring.InitializeAsync();
        try
        {
            using var subjectKeys = new SubjectKeyStore(Path.Combine(_directory, "subjects"), keyring);
            using var cipher = new EnvelopeCipher(keyring, subjectKeys: subjectKeys);
            var alice = new EncryptionContext("tenant-4", "note", "r-5", "TREAT", subject: "patient-alice");
            var bob = new EncryptionContext("tenant-4", "note", "r-6", "TREAT", subject: "patient-bob");
            var aliceRecord = await cipher.EncryptAsync("alice"u8.ToArray(), alice);
            var bobRecord = await cipher.EncryptAsync("bob"u8.ToArray(), bob);

            Assert.True(await subjectKeys.DestroyAsync("tenant-4", "patient-alice"));

            var error = await Assert.ThrowsAsync<CryptoException>(() => cipher.DecryptAsync(aliceRecord, alice).AsTask());
            Assert.Equal("TH2008", error.Code);
            Assert.Equal("bob"u8.ToArray(), await cipher.DecryptAsync(bobRecord, bob));
        }
        finally
        {
            await provider.DestroyKeyAsync(keyring.Current.Versions[0].ProviderReference);
        }
    }

    [SkippableFact]
    public async Task Two_nodes_with_their_own_providers_read_each_others_envelopes()
    {
        using var firstProvider = SoftHsm2Token.OpenProvider();
        using var secondProvider = SoftHsm2Token.OpenProvider();
        var keyringId = SoftHsm2Token.NewKeyringId();
        var first = NewKeyring(firstProvider, keyringId);
        var second = NewKeyring(secondProvider, keyringId);
        await first.InitializeAsync();
        await second.InitializeAsync();
        try
        {
            using var firstCipher = new EnvelopeCipher(first);
            using var secondCipher = new EnvelopeCipher(second);
            var context = new EncryptionContext("tenant-2", "note", "r-3", "TREAT");

            var fromFirst = firstCipher.Encrypt("from the first node"u8, context);
            var fromSecond = secondCipher.Encrypt("from the second node"u8, context);

            Assert.Equal("from the first node"u8.ToArray(), secondCipher.Decrypt(fromFirst, context));
            Assert.Equal("from the second node"u8.ToArray(), firstCipher.Decrypt(fromSecond, context));
        }
        finally
        {
            await firstProvider.DestroyKeyAsync(first.Current.Versions[0].ProviderReference);
        }
    }

    [SkippableFact]
    public async Task Four_threads_encrypt_and_decrypt_envelopes_through_one_provider()
    {
        using var provider = SoftHsm2Token.OpenProvider(maxSessions: 2);
        var keyring = NewKeyring(provider, SoftHsm2Token.NewKeyringId());
        await keyring.InitializeAsync();
        try
        {
            using var cipher = new EnvelopeCipher(keyring);
            var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
            {
                for (var i = 0; i < 100; i++)
                {
                    var context = new EncryptionContext("tenant", "note", $"w{worker}-{i}", "TREAT");
                    var plaintext = RandomNumberGenerator.GetBytes(256);
                    Assert.Equal(plaintext, cipher.Decrypt(cipher.Encrypt(plaintext, context), context));
                }
            })).ToArray();

            await Task.WhenAll(workers);
        }
        finally
        {
            await provider.DestroyKeyAsync(keyring.Current.Versions[0].ProviderReference);
        }
    }

    private Keyring NewKeyring(Pkcs11KeyEncryptionKeyProvider provider, string keyringId) =>
        new(new FileKeyringStore(_directory), [provider], new KeyringOptions
        {
            KeyringId = keyringId,
            Provider = Pkcs11KeyEncryptionKeyProvider.ProviderName,

            // One node that reads the store on every use: it may promote and retire at once.
            RefreshInterval = TimeSpan.Zero,
            PropagationDelay = TimeSpan.Zero,
        });
}
