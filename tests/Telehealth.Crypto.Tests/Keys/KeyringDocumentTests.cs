namespace Telehealth.Crypto.Tests.Keys;

/// <summary>The checks a custom keyring store runs on what it loads, the same the built-in stores run.</summary>
public sealed class KeyringDocumentTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, KeyringDocument> Damaged => new()
    {
        { "another keyring", Document() with { KeyringId = "other" } },
        { "revision 0", Document() with { Revision = 0 } },
        { "minimum version 0", Document() with { MinimumDecryptionVersion = 0 } },
        { "two primaries", Document(Version(1, KeyEncryptionKeyState.Primary), Version(2, KeyEncryptionKeyState.Primary)) },
        { "out of order", Document(Version(2, KeyEncryptionKeyState.Primary), Version(1, KeyEncryptionKeyState.DecryptOnly)) },
        { "unknown state", Document(Version(1, (KeyEncryptionKeyState)99)) },
        { "live version without a key reference", Document(Version(1, KeyEncryptionKeyState.Primary) with { ProviderReference = "" }) },
        { "no provider", Document(Version(1, KeyEncryptionKeyState.Primary) with { Provider = "" }) },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void A_document_that_is_not_a_consistent_keyring_is_refused_with_TH2039(string damage, KeyringDocument document)
    {
        Assert.Equal("TH2039", Assert.Throws<CryptoException>(() => document.Validate("default")).Code);
        Assert.NotEmpty(damage);
    }

    [Fact]
    public void A_consistent_document_passes_and_a_destroyed_version_needs_no_key_reference()
    {
        Document(Version(1, KeyEncryptionKeyState.Destroyed) with { ProviderReference = "" }, Version(2, KeyEncryptionKeyState.Primary)).Validate("default");
        Assert.Throws<ArgumentNullException>("expectedKeyringId", () => Document().Validate(null!));
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("Clinic_A.keys-2", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("bad id", false)]
    [InlineData("é", false)]
    [InlineData("../keys", false)]
    public void Keyring_ids_are_checked_as_envelope_headers_need(string? id, bool valid)
    {
        Assert.Equal(valid, KeyringDocument.IsValidKeyringId(id));
        Assert.True(KeyringDocument.IsValidKeyringId(new string('k', 64)));
        Assert.False(KeyringDocument.IsValidKeyringId(new string('k', 65)));
    }

    private static KeyEncryptionKeyVersion Version(int version, KeyEncryptionKeyState state) => new()
    {
        Version = version,
        State = state,
        Provider = "local",
        ProviderReference = "sealed-reference",
        CreatedAt = Created,
        StateChangedAt = Created,
    };

    private static KeyringDocument Document(params KeyEncryptionKeyVersion[] versions) => new()
    {
        KeyringId = "default",
        Revision = 3,
        Versions = versions.Length == 0 ? [Version(1, KeyEncryptionKeyState.Primary)] : versions,
    };
}
