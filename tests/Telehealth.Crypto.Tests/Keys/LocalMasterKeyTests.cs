namespace Telehealth.Crypto.Tests;

public sealed class LocalMasterKeyTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> MalformedFiles() =>
    [
        string.Empty,
        "   \n",
        "not base64 at all!",
        Convert.ToBase64String(new byte[31]),
        Convert.ToBase64String(new byte[33]),
        Convert.ToBase64String(new byte[32])[..^2],
        new string('A', 1 << 20),
    ];

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void A_malformed_master_key_file_is_refused_with_TH2040_and_left_as_it_is(string content)
    {
        var path = _directory.Combine("master.key");
        File.WriteAllText(path, content);
        var error = Assert.Throws<CryptoException>(() => LocalMasterKey.FromFile(path, createIfMissing: true));
        Assert.Equal("TH2040", error.Code);
        Assert.Equal(content, File.ReadAllText(path));
    }

    [Fact]
    public void A_missing_file_is_refused_unless_creation_is_asked_for_and_a_created_key_is_reused()
    {
        var path = _directory.Combine("master.key");
        Assert.Equal("TH2040", Assert.Throws<CryptoException>(() => LocalMasterKey.FromFile(path)).Code);
        Assert.False(File.Exists(path));

        using var created = LocalMasterKey.FromFile(path, createIfMissing: true);
        using var again = LocalMasterKey.FromFile(path);
        Assert.Equal(created.Key.ToArray(), again.Key.ToArray());
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(path).Trim()).Length);
    }

    [Fact]
    public void A_trailing_newline_is_accepted()
    {
        var key = Contexts.Bytes(32, 9);
        var path = _directory.Combine("master.key");
        File.WriteAllText(path, Convert.ToBase64String(key) + "\n");
        using var master = LocalMasterKey.FromFile(path);
        Assert.Equal(key, master.Key.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Import_refuses_keys_that_are_not_32_bytes(int length) =>
        Assert.Equal("TH2040", Assert.Throws<CryptoException>(() => LocalMasterKey.Import(new byte[length])).Code);

    [Fact]
    public void An_unset_or_malformed_environment_variable_is_refused_with_TH2040_without_echoing_its_value()
    {
        var name = "TELEHEALTH_TEST_MASTER_KEY_" + Guid.NewGuid().ToString("N");
        Assert.Equal("TH2040", Assert.Throws<CryptoException>(() => LocalMasterKey.FromEnvironment(name)).Code);
        Environment.SetEnvironmentVariable(name, "c2VjcmV0LXRoYXQtaXMtdG9vLXNob3J0");
        try
        {
            var error = Assert.Throws<CryptoException>(() => LocalMasterKey.FromEnvironment(name));
            Assert.Equal("TH2040", error.Code);
            Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void A_disposed_key_is_zeroed_and_refuses_use_and_ToString_shows_nothing()
    {
        var master = LocalMasterKey.Import(Contexts.Bytes(32, 3));
        Assert.Equal("LocalMasterKey(***)", master.ToString());
        master.Dispose();
        Assert.Throws<ObjectDisposedException>(() => master.Key.ToArray());
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("  \t")]
    [InlineData("")]
    public void A_master_key_file_is_read_as_bytes_with_surrounding_white_space(string padding)
    {
        var key = Contexts.Bytes(32, 11);
        var path = _directory.Combine("master.key");
        File.WriteAllBytes(path, [.. System.Text.Encoding.ASCII.GetBytes(padding + Convert.ToBase64String(key) + padding)]);
        using var master = LocalMasterKey.FromFile(path);
        Assert.Equal(key, master.Key.ToArray());
    }

    [Fact]
    public void A_created_master_key_file_holds_exactly_the_base64_of_the_key()
    {
        var path = _directory.Combine("created.key");
        using var master = LocalMasterKey.FromFile(path, createIfMissing: true);
        Assert.Equal(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(master.Key)), File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Unsealed_keys_of_retired_versions_leave_the_provider_on_every_node()
    {
        using var a = new KeyHost();
        using var b = new KeyHost(directory: a.Directory, masterKey: a.MasterKey, time: a.Time);
        var old = a.Cipher.Encrypt("x"u8, Contexts.Note());
        b.Cipher.Decrypt(old, Contexts.Note());
        await a.RotateAsync();
        a.Cipher.Encrypt("y"u8, Contexts.Note());
        await b.Cipher.DecryptAsync(a.Cipher.Encrypt("z"u8, Contexts.Note()), Contexts.Note());
        Assert.Equal(2, a.Provider.UnsealedKeys);
        Assert.Equal(2, b.Provider.UnsealedKeys);

        await a.Keyring.SetMinimumDecryptionVersionAsync(2);
        Assert.Equal(1, a.Provider.UnsealedKeys);
        await b.Keyring.RefreshAsync();
        Assert.Equal(1, b.Provider.UnsealedKeys);

        await a.Keyring.DisableAsync(1);
        await a.Keyring.DestroyAsync(1);
        await b.Keyring.RefreshAsync();
        Assert.Equal(1, b.Provider.UnsealedKeys);
    }
}
