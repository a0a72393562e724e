using System.Text.Json;

namespace Telehealth.Crypto.Tests;

/// <summary>
/// Known-answer tests of envelope format v1: the committed envelopes (FORMAT.md, "Test vectors") must
/// keep decrypting with every future version of the package. The vector master key is bytes 00..1f.
/// </summary>
public sealed class EnvelopeFormatVectorTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly LocalMasterKey _masterKey = LocalMasterKey.Import(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private readonly LocalKeyEncryptionKeyProvider _provider;
    private readonly Keyring _keyring;
    private readonly SubjectKeyStore _subjects;
    private readonly EnvelopeCipher _cipher;

    public EnvelopeFormatVectorTests()
    {
        CopyDirectory(VectorPath("keys"), _directory.Combine("keys"));
        CopyDirectory(VectorPath("subjects"), _directory.Combine("subjects"));
        _provider = new LocalKeyEncryptionKeyProvider(_masterKey);
        _keyring = new Keyring(new FileKeyringStore(_directory.Combine("keys")), [_provider], new KeyringOptions { CreateIfMissing = false });
        _subjects = new SubjectKeyStore(_directory.Combine("subjects"), _keyring);
        _cipher = new EnvelopeCipher(_keyring, subjectKeys: _subjects);
    }

    public static TheoryData<string> VectorNames() => [.. Vectors().Select(v => v.Name)];

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Committed_v1_envelopes_decrypt_to_their_plaintext(string name)
    {
        var vector = Vectors().Single(v => v.Name == name);
        var envelope = Convert.FromHexString(vector.Envelope);
        Assert.Equal(Convert.FromHexString(vector.Plaintext), _cipher.Decrypt(envelope, vector.Context));
        Assert.Equal(vector.Suite, EnvelopeInfo.Read(envelope).Suite.Id);
        Assert.Equal("TH2005", Assert.Throws<CryptoException>(() => _cipher.Decrypt(envelope, new EncryptionContext("clinic-b", "visit-note", "note-0001", "storage", vector.Subject))).Code);
    }

    [Fact]
    public void The_vectors_cover_every_suite_and_both_key_versions_so_adding_a_suite_never_breaks_old_data()
    {
        var vectors = Vectors();
        Assert.All(AlgorithmSuite.All, suite => Assert.Contains(vectors, v => v.Suite == suite.Id));
        Assert.Contains(vectors, v => EnvelopeInfo.Read(Convert.FromHexString(v.Envelope)).KeyVersion == 1);
        Assert.Contains(vectors, v => EnvelopeInfo.Read(Convert.FromHexString(v.Envelope)).KeyVersion == 2);
        Assert.Contains(vectors, v => EnvelopeInfo.Read(Convert.FromHexString(v.Envelope)).HasSubjectKey);
    }

    [Fact]
    public async Task The_worked_example_of_FORMAT_md_derives_the_documented_values()
    {
        // FORMAT.md, "Worked example": vector aes-v1-text, every intermediate value.
        var vector = Vectors().Single(v => v.Name == "aes-v1-text");
        var envelope = Convert.FromHexString(vector.Envelope);
        var layout = EnvelopeLayout.Read(envelope, requireBody: true);
        Assert.Equal("01b5ebc19eb6eb4eb5b4cc9a76b37ad6a90e8956273fce834ea618a5a0e43d50", Convert.ToHexStringLower(vector.Context.Hash));

        var (version, provider) = _keyring.GetForDecryption(layout.KeyringId, (int)layout.KeyVersion);
        var dataKey = new byte[32];
        await provider.UnwrapAsync(version.ProviderReference, envelope.AsMemory(layout.WrappedKeyOffset, layout.WrappedKeyLength), EnvelopeCipher.WrapAssociatedData("default", 1), dataKey);
        Assert.Equal("0758be35960b1baa6baef26d81c8477d4d846684277a7ba6b155945e1a8526aa", Convert.ToHexStringLower(dataKey));

        var okm = new byte[64];
        MessageKeyMaterial.Derive(layout.Suite, layout.Flags, dataKey, default, okm);
        Assert.Equal(
            "fd8177a952a1a83676eec7405cb366c2a6ffd54b8821f2b1f963ae9310bcef09" +
            "6b8f4a97fe8a94903c57c8b0d45ffa41ad35cf8e285d14ef5a9d1b474e7d64a7",
            Convert.ToHexStringLower(okm));
        Assert.Equal("fd47e6cd61647589083c27ef", Convert.ToHexStringLower(envelope.AsSpan(layout.NonceOffset, layout.NonceSize)));
        Assert.Equal(okm.AsSpan(32, 32).ToArray(), envelope.AsSpan(layout.CommitmentOffset, 32).ToArray());
    }

    [Fact]
    public void The_sealed_vector_keyring_does_not_open_under_another_master_key()
    {
        using var otherMaster = LocalMasterKey.Generate();
        using var otherProvider = new LocalKeyEncryptionKeyProvider(otherMaster);
        using var cipher = new EnvelopeCipher(new Keyring(new FileKeyringStore(_directory.Combine("keys")), [otherProvider], new KeyringOptions { CreateIfMissing = false }));
        var vector = Vectors().Single(v => v.Name == "aes-v1-text");
        Assert.Equal("TH2044", Assert.Throws<CryptoException>(() => cipher.Decrypt(Convert.FromHexString(vector.Envelope), vector.Context)).Code);
    }

    public void Dispose()
    {
        _cipher.Dispose();
        _subjects.Dispose();
        _provider.Dispose();
        _masterKey.Dispose();
        _directory.Dispose();
    }

    internal static IReadOnlyList<Vector> Vectors()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(VectorPath("vectors.json")));
        return [.. document.RootElement.EnumerateArray().Select(e => new Vector(
            e.GetProperty("name").GetString()!,
            (byte)e.GetProperty("suite").GetInt32(),
            new EncryptionContext(
                e.GetProperty("tenant").GetString()!,
                e.GetProperty("recordType").GetString()!,
                e.GetProperty("recordId").GetString()!,
                e.GetProperty("purpose").GetString()!,
                e.GetProperty("subject").GetString()),
            e.GetProperty("plaintext").GetString()!,
            e.GetProperty("envelope").GetString()!))];
    }

    internal static string VectorPath(string name) => RepositoryFiles.PathOf("tests", "Telehealth.Crypto.Tests", "Vectors", "envelope-v1", name);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    internal sealed record Vector(string Name, byte Suite, EncryptionContext Context, string Plaintext, string Envelope)
    {
        public string? Subject => Context.Subject;
    }
}
