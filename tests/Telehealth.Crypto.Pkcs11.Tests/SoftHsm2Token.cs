namespace Telehealth.Crypto.Pkcs11.Tests;

/// <summary>
/// The SoftHSM2 token the tests use, named by <c>TELEHEALTH_TEST_PKCS11_LIBRARY</c>,
/// <c>TELEHEALTH_TEST_PKCS11_TOKEN</c> and <c>TELEHEALTH_TEST_PKCS11_PIN</c> (<c>.ci/run</c> initializes a
/// fresh token with random PINs and exports them). Without them the tests skip, except under
/// <c>CI=true</c>, where they fail: CI must never pass by skipping the real token.
/// </summary>
internal static class SoftHsm2Token
{
    public const string LibraryVariable = "TELEHEALTH_TEST_PKCS11_LIBRARY";
    public const string TokenVariable = "TELEHEALTH_TEST_PKCS11_TOKEN";
    public const string PinVariable = "TELEHEALTH_TEST_PKCS11_PIN";

    public static string MissingTokenMessage =>
        $"These tests need a real SoftHSM2 token: install softhsm2, initialize a token (softhsm2-util --init-token --free --label telehealth-test ...) and set {LibraryVariable}, {TokenVariable} and {PinVariable}, as .ci/run does.";

    /// <summary>Gets options for a provider on the test token, or skips (fails under CI) without one.</summary>
    public static Pkcs11KeyEncryptionKeyProviderOptions Options(int maxSessions = 4)
    {
        var library = Environment.GetEnvironmentVariable(LibraryVariable);
        var token = Environment.GetEnvironmentVariable(TokenVariable);
        var pin = Environment.GetEnvironmentVariable(PinVariable);
        if (string.IsNullOrEmpty(library) || string.IsNullOrEmpty(token) || string.IsNullOrEmpty(pin))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(MissingTokenMessage);
            }

            Skip.If(true, MissingTokenMessage);
        }

        return new Pkcs11KeyEncryptionKeyProviderOptions
        {
            LibraryPath = library!,
            TokenLabel = token,
            PinEnvironmentVariable = PinVariable,
            KeyLabelPrefix = "telehealth-test/",
            MaxSessions = maxSessions,
        };
    }

    public static Pkcs11KeyEncryptionKeyProvider OpenProvider(int maxSessions = 4) => new(Options(maxSessions));

    /// <summary>A keyring id no other test uses, so labels of concurrent runs never collide.</summary>
    public static string NewKeyringId() => "t-" + Guid.NewGuid().ToString("N")[..12];
}

/// <summary>
/// The SoftHSM2 tests share one token and PKCS#11 login state is per process, so they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoftHsm2TokenGroup
{
    public const string Name = "SoftHSM2 token";
}
