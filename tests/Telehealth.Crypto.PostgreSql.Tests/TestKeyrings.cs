namespace Telehealth.Crypto.PostgreSql.Tests;

/// <summary>Keyring documents with every field set, for round trips and compare-and-swap tests.</summary>
internal static class TestKeyrings
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A keyring with one version in every state, odd ticks and offsets, and both kinds of promotion time.</summary>
    public static KeyringDocument EveryState(string keyringId = "clinic.keys-1", long revision = 1) => new()
    {
        KeyringId = keyringId,
        Revision = revision,
        MinimumDecryptionVersion = 2,
        Versions =
        [
            Version(1, KeyEncryptionKeyState.Destroyed, reference: "", promoted: Start.AddTicks(1)),
            Version(2, KeyEncryptionKeyState.Disabled, promoted: Start.AddDays(30).AddTicks(123_4567)),
            Version(3, KeyEncryptionKeyState.DecryptOnly, promoted: new DateTimeOffset(2026, 12, 24, 23, 59, 59, TimeSpan.FromHours(5.5)).AddTicks(9_999_999)),
            Version(4, KeyEncryptionKeyState.Primary, promoted: new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.FromHours(-8)).AddTicks(7)),
            Version(7, KeyEncryptionKeyState.Pending, provider: "pkcs11", reference: "slot=0;label=th-kek-7;id=0a1b2c", promoted: null),
        ],
    };

    public static KeyringDocument WithPrimary(string keyringId, long revision, string marker) => new()
    {
        KeyringId = keyringId,
        Revision = revision,
        Versions = [Version(1, KeyEncryptionKeyState.Primary, reference: marker, promoted: Start)],
    };

    public static KeyEncryptionKeyVersion Version(int version, KeyEncryptionKeyState state, string provider = "local", string? reference = null, DateTimeOffset? promoted = null) => new()
    {
        Version = version,
        State = state,
        Provider = provider,
        ProviderReference = reference ?? $"sealed-key-{version}-\u00e9\u4e2d'\";--",
        CreatedAt = Start.AddMinutes(version).AddTicks(version),
        PromotedAt = promoted,
        StateChangedAt = Start.AddHours(version).AddTicks(3 * version),
        WrapsReserved = state == KeyEncryptionKeyState.Destroyed ? 0 : (version * 65_536L) + (1L << 32) - 65_536 * 8,
    };

    /// <summary>Asserts field by field (records compare their version lists by reference), with the offset, which DateTimeOffset equality ignores.</summary>
    public static void AssertSame(KeyringDocument expected, KeyringDocument? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.KeyringId, actual.KeyringId);
        Assert.Equal(expected.Revision, actual.Revision);
        Assert.Equal(expected.MinimumDecryptionVersion, actual.MinimumDecryptionVersion);
        Assert.Equal(expected.Versions.Count, actual.Versions.Count);
        for (var i = 0; i < expected.Versions.Count; i++)
        {
            var e = expected.Versions[i];
            var a = actual.Versions[i];
            Assert.Equal(e, a);
            Assert.Equal(e.CreatedAt.Offset, a.CreatedAt.Offset);
            Assert.Equal(e.CreatedAt.Ticks, a.CreatedAt.Ticks);
            Assert.Equal(e.PromotedAt?.Offset, a.PromotedAt?.Offset);
            Assert.Equal(e.PromotedAt?.Ticks, a.PromotedAt?.Ticks);
            Assert.Equal(e.StateChangedAt.Offset, a.StateChangedAt.Offset);
            Assert.Equal(e.StateChangedAt.Ticks, a.StateChangedAt.Ticks);
        }

        Assert.Equal(expected with { Versions = actual.Versions }, actual);
    }
}
