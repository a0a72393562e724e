namespace Telehealth.Crypto.Pkcs11.Tests;

/// <summary>Options are checked before anything is loaded, so these need no token.</summary>
public sealed class Pkcs11KeyEncryptionKeyProviderOptionsTests
{
    [Fact]
    public void Defaults_are_documented_values()
    {
        var options = new Pkcs11KeyEncryptionKeyProviderOptions();

        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", options.LibraryPath);
        Assert.Null(options.TokenLabel);
        Assert.Equal("TELEHEALTH_PKCS11_PIN", options.PinEnvironmentVariable);
        Assert.Null(options.PinFile);
        Assert.Equal("telehealth/", options.KeyLabelPrefix);
        Assert.Equal(4, options.MaxSessions);
    }

    [Fact]
    public void Invalid_options_are_rejected_with_every_problem_in_one_message()
    {
        var options = new Pkcs11KeyEncryptionKeyProviderOptions
        {
            LibraryPath = " ",
            TokenLabel = new string('t', 33),
            PinEnvironmentVariable = null,
            KeyLabelPrefix = new string('p', 65),
            MaxSessions = 0,
        };

        var error = Assert.Throws<ArgumentException>("options", () => new Pkcs11KeyEncryptionKeyProvider(options));

        Assert.Equal(
            "Pkcs11KeyEncryptionKeyProviderOptions.LibraryPath is required.; " +
            "Pkcs11KeyEncryptionKeyProviderOptions.TokenLabel must be at most 32 characters.; " +
            "Pkcs11KeyEncryptionKeyProviderOptions needs PinFile or PinEnvironmentVariable to say where the user PIN comes from.; " +
            "Pkcs11KeyEncryptionKeyProviderOptions.KeyLabelPrefix must be at most 64 characters (it may be empty).; " +
            "Pkcs11KeyEncryptionKeyProviderOptions.MaxSessions must be between 1 and 64. (Parameter 'options')",
            error.Message);
    }

    [Fact]
    public void A_missing_token_label_is_reported()
    {
        var failures = Pkcs11KeyEncryptionKeyProviderOptionsValidator.Check(new Pkcs11KeyEncryptionKeyProviderOptions());

        Assert.Equal(["Pkcs11KeyEncryptionKeyProviderOptions.TokenLabel is required."], failures);
    }

    [Fact]
    public void A_pin_variable_that_is_not_set_fails_with_TH2093_before_the_library_is_loaded()
    {
        var options = new Pkcs11KeyEncryptionKeyProviderOptions
        {
            LibraryPath = "libdoes-not-exist.so",
            TokenLabel = "any",
            PinEnvironmentVariable = "TELEHEALTH_TEST_UNSET_" + Guid.NewGuid().ToString("N"),
        };

        var error = Assert.Throws<CryptoException>(() => new Pkcs11KeyEncryptionKeyProvider(options));

        Assert.Equal("TH2093", error.Code);
        Assert.Equal($"TH2093: The PKCS#11 user PIN is unavailable: environment variable {options.PinEnvironmentVariable} is not set.", error.Message);
    }

    [Fact]
    public void A_missing_pin_file_fails_with_TH2093()
    {
        var options = new Pkcs11KeyEncryptionKeyProviderOptions
        {
            TokenLabel = "any",
            PinFile = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "pin"),
        };

        var error = Assert.Throws<CryptoException>(() => new Pkcs11KeyEncryptionKeyProvider(options));

        Assert.Equal("TH2093: The PKCS#11 user PIN is unavailable: the PIN file cannot be read.", error.Message);
    }

    [Fact]
    public void A_library_that_does_not_load_fails_with_TH2090()
    {
        var variable = "TELEHEALTH_TEST_PIN_" + Guid.NewGuid().ToString("N");
        var pin = "pin-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, pin);
        try
        {
            var options = new Pkcs11KeyEncryptionKeyProviderOptions
            {
                LibraryPath = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".so"),
                TokenLabel = "any",
                PinEnvironmentVariable = variable,
            };

            var error = Assert.Throws<CryptoException>(() => new Pkcs11KeyEncryptionKeyProvider(options));

            Assert.Equal("TH2090", error.Code);
            Assert.DoesNotContain(pin, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
