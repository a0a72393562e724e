namespace Telehealth.Crypto.Tests;

/// <summary>Public records that hold buffers or lists compare their contents, not the instances that hold them.</summary>
public sealed class ValueEqualityTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keyring_documents_with_equal_versions_in_other_lists_are_equal()
    {
        var a = Document([Version(1, KeyEncryptionKeyState.DecryptOnly), Version(2, KeyEncryptionKeyState.Primary)]);
        var b = Document([Version(1, KeyEncryptionKeyState.DecryptOnly), Version(2, KeyEncryptionKeyState.Primary)]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Document([Version(1, KeyEncryptionKeyState.Disabled), Version(2, KeyEncryptionKeyState.Primary)]));
        Assert.NotEqual(a, a with { MinimumDecryptionVersion = 2 });
    }

    [Fact]
    public void Stored_envelopes_and_rewraps_with_equal_bytes_in_other_buffers_are_equal()
    {
        Assert.Equal(new StoredEnvelope("r-1", new byte[] { 1, 2, 3 }), new StoredEnvelope("r-1", new byte[] { 1, 2, 3 }));
        Assert.Equal(new StoredEnvelope("r-1", new byte[] { 1, 2, 3 }).GetHashCode(), new StoredEnvelope("r-1", new byte[] { 1, 2, 3 }).GetHashCode());
        Assert.NotEqual(new StoredEnvelope("r-1", new byte[] { 1, 2, 3 }), new StoredEnvelope("r-1", new byte[] { 1, 2, 4 }));

        Assert.Equal(new EnvelopeRewrap(new byte[] { 9, 9 }, 80, true), new EnvelopeRewrap(new byte[] { 9, 9 }, 80, true));
        Assert.Equal(new EnvelopeRewrap(new byte[] { 9, 9 }, 80, true).GetHashCode(), new EnvelopeRewrap(new byte[] { 9, 9 }, 80, true).GetHashCode());
        Assert.NotEqual(new EnvelopeRewrap(new byte[] { 9, 9 }, 80, true), new EnvelopeRewrap(new byte[] { 9, 8 }, 80, true));
    }

    [Fact]
    public void Integrity_key_set_descriptions_with_equal_versions_are_equal()
    {
        var a = new IntegrityKeySetInfo("tags", IntegrityKeyKind.Hmac, 2, [new IntegrityKeyVersionInfo(1, At), new IntegrityKeyVersionInfo(2, At)]);
        var b = new IntegrityKeySetInfo("tags", IntegrityKeyKind.Hmac, 2, [new IntegrityKeyVersionInfo(1, At), new IntegrityKeyVersionInfo(2, At)]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Versions = [new IntegrityKeyVersionInfo(2, At)] });
    }

    private static KeyEncryptionKeyVersion Version(int version, KeyEncryptionKeyState state) => new()
    {
        Version = version,
        State = state,
        Provider = "local",
        ProviderReference = $"ref-{version}",
        CreatedAt = At,
        StateChangedAt = At,
    };

    private static KeyringDocument Document(List<KeyEncryptionKeyVersion> versions) => new() { KeyringId = "default", Revision = 4, Versions = versions };
}
