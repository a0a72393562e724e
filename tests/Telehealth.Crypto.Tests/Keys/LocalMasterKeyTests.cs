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
}
