using Microsoft.Extensions.Logging.Abstractions;

namespace Telehealth.Audit.Tests.Checkpoints;

/// <summary>The development signing key file is created durably and owner-only, and refused when others can read it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DevelopmentKeyFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_new_key_file_is_owner_only_and_loads_back_as_the_same_key()
    {
        var path = _dir.Combine(DevelopmentSigningKey.FileName);
        using var created = DevelopmentSigningKey.LoadOrCreate(path, "clinic.example/audit", NullLogger.Instance);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));

        using var loaded = DevelopmentSigningKey.LoadOrCreate(path, "clinic.example/audit", NullLogger.Instance);
        Assert.Equal(created.VerifierKey.ToString(), loaded.VerifierKey.ToString());
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.GroupWrite)]
    [InlineData(UnixFileMode.OtherWrite)]
    public void A_key_file_other_accounts_can_reach_is_refused(UnixFileMode extra)
    {
        var path = _dir.Combine(DevelopmentSigningKey.FileName);
        DevelopmentSigningKey.LoadOrCreate(path, "clinic.example/audit", NullLogger.Instance).Dispose();
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        var ex = Assert.Throws<AuditStoreException>(() => DevelopmentSigningKey.LoadOrCreate(path, "clinic.example/audit", NullLogger.Instance));
        Assert.Equal(AuditErrorCodes.KeyFileUnprotected, ex.Code);
        Assert.DoesNotContain("PRIVATE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_key_file_is_refused_without_reading_it_whole()
    {
        var path = _dir.Combine(DevelopmentSigningKey.FileName);
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            file.SetLength(64 << 20);
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var ex = Assert.Throws<AuditFormatException>(() => DevelopmentSigningKey.LoadOrCreate(path, "clinic.example/audit", NullLogger.Instance));
        Assert.Equal(AuditErrorCodes.MalformedCheckpoint, ex.Code);
    }
}
