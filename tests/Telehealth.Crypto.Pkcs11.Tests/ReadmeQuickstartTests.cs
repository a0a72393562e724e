
namespace Telehealth.Crypto.Pkcs11.Tests;

/// <summary>The README Quickstart, run against the SoftHSM2 test token, and kept equal to the README.</summary>
[Collection(SoftHsm2TokenGroup.Name)]
public sealed class ReadmeQuickstartTests : IDisposable
{
    private readonly string _keyringDirectory = Directory.CreateTempSubdirectory("th-pkcs11-readme-").FullName;

    public void Dispose() => Directory.Delete(_keyringDirectory, recursive: true);

    [SkippableFact]
    public async Task Quickstart_runs()
    {
        var test = SoftHsm2Token.Options();
        var libraryPath = test.LibraryPath;
        var tokenLabel = test.TokenLabel;
        var keyringDirectory = _keyringDirectory;
        Environment.SetEnvironmentVariable("TELEHEALTH_PKCS11_PIN", Environment.GetEnvironmentVariable(SoftHsm2Token.PinVariable));
        try
        {
            // quickstart:begin
            using var provider = new Pkcs11KeyEncryptionKeyProvider(new Pkcs11KeyEncryptionKeyProviderOptions
            {
                LibraryPath = libraryPath,
                TokenLabel = tokenLabel,
                PinEnvironmentVariable = "TELEHEALTH_PKCS11_PIN",
            });
            var keyring = new Keyring(new FileKeyringStore(keyringDirectory), [provider], new KeyringOptions { Provider = "pkcs11" });
            await keyring.InitializeAsync();
            using var cipher = new EnvelopeCipher(keyring);
            var context = new EncryptionContext("clinic-1", "visit-note", "note-42", "TREAT");
            var envelope = cipher.Encrypt("Patient reports a mild headache."u8, context);
            var plaintext = cipher.Decrypt(envelope, context);
            // quickstart:end

            Assert.Equal("Patient reports a mild headache."u8.ToArray(), plaintext);
            Assert.StartsWith("pkcs11:v1:", keyring.Current.Versions[0].ProviderReference, StringComparison.Ordinal);
            await provider.DestroyKeyAsync(keyring.Current.Versions[0].ProviderReference);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TELEHEALTH_PKCS11_PIN", null);
        }
    }

    [Fact]
    public void Readme_shows_the_quickstart_that_runs() =>
        RepositoryFiles.AssertQuickstartMatches(
            RepositoryFiles.PathOf("tests", "Telehealth.Crypto.Pkcs11.Tests", "ReadmeQuickstartTests.cs"),
            RepositoryFiles.PathOf("src", "Telehealth.Crypto.Pkcs11", "README.md"));
}
