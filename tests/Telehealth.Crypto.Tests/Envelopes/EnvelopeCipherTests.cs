namespace Telehealth.Crypto.Tests;

public sealed class EnvelopeCipherTests
{
    public static TheoryData<byte, int> SuitesAndSizes()
    {
        var data = new TheoryData<byte, int>();
        foreach (var suite in AlgorithmSuite.All)
        {
            foreach (var size in new[] { 0, 1, 15, 16, 17, 1024, 65536, 1 << 20 })
            {
                data.Add(suite.Id, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SuitesAndSizes))]
    public async Task Round_trips_every_suite_and_size_through_every_api(byte suiteId, int size)
    {
        AlgorithmSuite.TryFromId(suiteId, out var suite);
        using var host = new KeyHost(cipher: o => o.Suite = suite!);
        var plaintext = Contexts.Bytes(size);
        var context = Contexts.Note();

        var envelope = host.Cipher.Encrypt(plaintext, context);
        Assert.Equal(plaintext, host.Cipher.Decrypt(envelope, context));

        var buffer = new byte[host.Cipher.GetMaxEnvelopeLength(size)];
        var written = host.Cipher.Encrypt(plaintext, buffer, context);
        Assert.Equal(envelope.Length, written);
        var output = new byte[size];
        Assert.Equal(size, host.Cipher.Decrypt(buffer.AsSpan(0, written), output, context));
        Assert.Equal(plaintext, output);

        var asyncEnvelope = await host.Cipher.EncryptAsync(plaintext, context);
        Assert.Equal(plaintext, await host.Cipher.DecryptAsync(asyncEnvelope, context));

        var info = EnvelopeInfo.Read(envelope);
        Assert.Equal(suite, info.Suite);
        Assert.Equal("default", info.KeyringId);
        Assert.Equal(1, info.KeyVersion);
        Assert.Equal(size, info.PlaintextLength);
        Assert.False(info.HasSubjectKey);
        Assert.False(info.IsStream);
        Assert.Equal(envelope.Length - size - 16, info.HeaderLength);
    }

    [Fact]
    public void Encrypting_the_same_plaintext_twice_gives_unrelated_envelopes()
    {
        using var host = new KeyHost();
        var a = host.Cipher.Encrypt("same"u8, Contexts.Note());
        var b = host.Cipher.Encrypt("same"u8, Contexts.Note());
        Assert.NotEqual(a, b);
        var infoA = EnvelopeInfo.Read(a);
        Assert.NotEqual(a.AsSpan(infoA.HeaderLength).ToArray(), b.AsSpan(infoA.HeaderLength).ToArray());
    }

    [Fact]
    public void The_envelope_holds_neither_the_plaintext_nor_the_context()
    {
        using var host = new KeyHost();
        var plaintext = "Patient Jane Example, diagnosis: hypertension"u8.ToArray();
        var context = new EncryptionContext("clinic-a", "visit-note", "record-4711", "storage", "patient-0042");
        var envelope = host.Cipher.Encrypt(plaintext, context);
        foreach (var needle in new[] { "Jane", "hypertension", "record-4711", "patient-0042", "visit-note", "clinic-a" })
        {
            Assert.Equal(-1, envelope.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(needle)));
        }
    }

    public static TheoryData<string> ContextChanges() => ["tenant", "recordType", "recordId", "purpose", "subject-added", "subject-changed"];

    [Theory]
    [MemberData(nameof(ContextChanges))]
    public void A_different_context_fails_with_TH2005(string change)
    {
        using var host = new KeyHost();
        var original = new EncryptionContext("clinic-a", "visit-note", "note-1", "storage", change == "subject-changed" ? "patient-1" : null);
        var envelope = host.Cipher.Encrypt("secret"u8, original);
        var other = change switch
        {
            "tenant" => new EncryptionContext("clinic-b", "visit-note", "note-1", "storage"),
            "recordType" => new EncryptionContext("clinic-a", "lab-result", "note-1", "storage"),
            "recordId" => new EncryptionContext("clinic-a", "visit-note", "note-2", "storage"),
            "purpose" => new EncryptionContext("clinic-a", "visit-note", "note-1", "backup"),
            "subject-added" => new EncryptionContext("clinic-a", "visit-note", "note-1", "storage", "patient-1"),
            _ => new EncryptionContext("clinic-a", "visit-note", "note-1", "storage", "patient-2"),
        };

        var error = Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(envelope, other));
        Assert.Equal("TH2005", error.Code);
    }

    [Fact]
    public void Field_boundaries_are_unambiguous_in_the_context()
    {
        var a = new EncryptionContext("ab", "c", "r", "p");
        var b = new EncryptionContext("a", "bc", "r", "p");
        Assert.NotEqual(a.Hash.ToArray(), b.Hash.ToArray());
    }

    [Fact]
    public void Context_values_are_validated()
    {
        Assert.Throws<ArgumentException>("tenant", () => new EncryptionContext("", "t", "r", "p"));
        Assert.Throws<ArgumentNullException>("recordType", () => new EncryptionContext("t", null!, "r", "p"));
        Assert.Throws<ArgumentException>("recordId", () => new EncryptionContext("t", "t", new string('x', EncryptionContext.MaxValueBytes + 1), "p"));
        Assert.Throws<ArgumentException>("purpose", () => new EncryptionContext("t", "t", "r", "\ud800"));
        Assert.Throws<ArgumentException>("subject", () => new EncryptionContext("t", "t", "r", "p", ""));
    }

    [Fact]
    public void ToString_of_the_context_leaves_out_record_and_subject()
    {
        var text = new EncryptionContext("clinic-a", "visit-note", "record-4711", "storage", "patient-0042").ToString();
        Assert.Contains("clinic-a", text, StringComparison.Ordinal);
        Assert.DoesNotContain("record-4711", text, StringComparison.Ordinal);
        Assert.DoesNotContain("patient-0042", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_small_destinations_are_argument_errors_and_write_nothing()
    {
        using var host = new KeyHost();
        var envelope = host.Cipher.Encrypt("hello"u8, Contexts.Note());
        Assert.Throws<ArgumentException>("destination", () => host.Cipher.Encrypt("hello"u8, new byte[10], Contexts.Note()));
        var small = new byte[4];
        Assert.Throws<ArgumentException>("destination", () => host.Cipher.Decrypt(envelope, small, Contexts.Note()));
        Assert.All(small, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Arguments_are_checked()
    {
        using var host = new KeyHost();
        Assert.Throws<ArgumentNullException>("context", () => host.Cipher.Encrypt("x"u8, null!));
        Assert.Throws<ArgumentNullException>("context", () => host.Cipher.Decrypt(new byte[200], null!));
        Assert.Throws<ArgumentOutOfRangeException>("plaintextLength", () => host.Cipher.GetMaxEnvelopeLength(-1));
        Assert.Throws<ArgumentNullException>("keyring", () => new EnvelopeCipher(null!));
    }

    [Fact]
    public void A_forbidden_suite_is_refused_for_decryption_with_TH2004()
    {
        using var host = new KeyHost(cipher: o => o.Suite = AlgorithmSuite.XChaCha20Poly1305HkdfSha256);
        var envelope = host.Cipher.Encrypt("data"u8, Contexts.Note());
        var strictOptions = new EnvelopeCipherOptions();
        strictOptions.AllowedSuites.Add(AlgorithmSuite.Aes256GcmHkdfSha256);
        using var strict = new EnvelopeCipher(host.Keyring, strictOptions);

        var error = Assert.Throws<CryptoException>(() => strict.Decrypt(envelope, Contexts.Note()));
        Assert.Equal("TH2004", error.Code);
    }

    [Fact]
    public void A_cipher_configured_with_a_forbidden_suite_does_not_start()
    {
        using var host = new KeyHost();
        var options = new EnvelopeCipherOptions { Suite = AlgorithmSuite.XChaCha20Poly1305HkdfSha256 };
        options.AllowedSuites.Add(AlgorithmSuite.Aes256GcmHkdfSha256);
        Assert.Equal("TH2004", Assert.Throws<CryptoException>(() => new EnvelopeCipher(host.Keyring, options)).Code);
    }

    [Fact]
    public void Envelopes_from_another_keyring_are_refused_with_TH2030()
    {
        using var host = new KeyHost();
        using var other = new KeyHost(keyring: o => o.KeyringId = "tenant-b");
        var envelope = other.Cipher.Encrypt("data"u8, Contexts.Note());
        Assert.Equal("TH2030", Assert.Throws<CryptoException>(() => host.Cipher.Decrypt(envelope, Contexts.Note())).Code);
    }

    [Fact]
    public void A_keyring_with_another_master_key_cannot_unseal_the_key_and_says_so_with_TH2044()
    {
        using var host = new KeyHost();
        var envelope = host.Cipher.Encrypt("data"u8, Contexts.Note());
        using var wrongMaster = LocalMasterKey.Generate();
        using var provider = new LocalKeyEncryptionKeyProvider(wrongMaster);
        var keyring = new Keyring(host.Store, [provider], new KeyringOptions());
        using var cipher = new EnvelopeCipher(keyring);

        Assert.Equal("TH2044", Assert.Throws<CryptoException>(() => cipher.Decrypt(envelope, Contexts.Note())).Code);
    }

    [Fact]
    public void ToString_of_the_cipher_and_keys_shows_no_key_material()
    {
        using var host = new KeyHost();
        var reference = host.Keyring.Current.Versions[0].ProviderReference;
        foreach (var text in new[] { host.Cipher.ToString(), host.Keyring.ToString(), host.Keyring.Current.ToString(), host.Keyring.Current.Versions[0].ToString(), host.MasterKey.ToString(), host.Store.ToString() })
        {
            Assert.DoesNotContain(reference, text, StringComparison.Ordinal);
            Assert.DoesNotContain(reference[^20..], text, StringComparison.Ordinal);
        }
    }
}
