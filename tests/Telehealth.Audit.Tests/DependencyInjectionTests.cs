using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Telehealth.Audit.Tests;

/// <summary>What <c>AddTelehealthAudit</c> registers, built into real containers.</summary>
public sealed class DependencyInjectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Logging_added_after_the_audit_log_still_receives_its_messages()
    {
        var services = new ServiceCollection();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_dir.Path);
        services.AddFakeLogging();

        await using var provider = services.BuildServiceProvider();
        Assert.IsNotType<Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory>(provider.GetRequiredService<ILoggerFactory>());
        var audit = provider.GetRequiredService<IAuditLog>();
        var rejected = TestRecords.Read(1) with { Action = "" };
        await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await audit.AppendAsync(rejected));

        var collector = provider.GetFakeLogCollector();
        Assert.Contains(collector.GetSnapshot(), r => r.Category == typeof(AuditLog).FullName && r.Message.Contains(AuditErrorCodes.RecordFieldMissing, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_logging_the_log_works_and_registers_no_logging_of_its_own()
    {
        var services = new ServiceCollection();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_dir.Path);

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(ILoggerFactory) || d.ServiceType == typeof(ILogger<>));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var stored = await provider.GetRequiredService<IAuditLog>().AppendAsync(TestRecords.Read(1));
        Assert.Equal(0, stored.Sequence);
    }

    [Fact]
    public async Task UseStore_replaces_an_earlier_store()
    {
        var second = Path.Combine(_dir.Path, "second");
        var services = new ServiceCollection();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit")
            .UseFileStore(Path.Combine(_dir.Path, "first"))
            .UseFileStore(second);

        Assert.Single(services, d => d.ServiceType == typeof(IAuditStore));
        Assert.Single(services, d => d.ServiceType == typeof(CheckpointSigningKey));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IAuditLog>().AppendAsync(TestRecords.Read(1));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "first")));
        Assert.True(File.Exists(Path.Combine(second, DevelopmentSigningKey.FileName)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_explicit_signing_key_wins_over_the_file_store_development_key_in_either_order(bool keyFirst)
    {
        using var key = CheckpointSigningKey.Generate("clinic.example/audit");
        var services = new ServiceCollection();
        var builder = services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit");
        if (keyFirst)
        {
            builder.UseSigningKey(key).UseFileStore(_dir.Path);
        }
        else
        {
            builder.UseFileStore(_dir.Path).UseSigningKey(key);
        }

        await using (var provider = services.BuildServiceProvider())
        {
            Assert.Same(key, provider.GetRequiredService<CheckpointSigningKey>());
            Assert.False(File.Exists(Path.Combine(_dir.Path, DevelopmentSigningKey.FileName)));
        }

        // The key belongs to the caller: disposing the container leaves it usable.
        Assert.NotNull(SignedCheckpoint.Sign(new Checkpoint("clinic.example/audit", 0, MerkleProofs.RootOf([]), TestRecords.Epoch), key));
    }
}
