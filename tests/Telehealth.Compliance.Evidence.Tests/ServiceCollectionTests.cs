using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Evidence.Tests;

/// <summary>Round trips through a real <see cref="ServiceCollection"/> with the real audit log, keyring and inventory.</summary>
public sealed class ServiceCollectionTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _directory.Dispose();

    private static MetricEvidenceDefinition MfaEnrollment => new()
    {
        Name = "telehealth.identity.mfa-enrollment",
        EvidenceId = "identity.mfa-enrollment",
        Metric = "identity.mfa.enrollment-rate",
        Unit = "percent",
        Description = "Share of active workforce accounts enrolled in MFA",
        Citations = ["164.312(d)"],
        Threshold = MetricThreshold.AtLeast(95m),
    };

    [Fact]
    public async Task Every_collector_whose_source_is_registered_collects_into_a_register()
    {
        var envelopes = new MemoryEnvelopeStore();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_time).AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_directory.Combine("audit"));
        services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = _directory.Combine("keys");
            o.MasterKeyFile = _directory.Combine("master.key");
            o.CreateMasterKeyFileIfMissing = true;
        });
        services.AddSingleton<IEnvelopeStore>(envelopes);
        services.AddSingleton(new VendorInventory(_time));
        services.AddTelehealthComplianceEvidence(o => o.EvidenceLifetime = TimeSpan.FromHours(12))
            .AddMetric(MfaEnrollment, _ => _ => ValueTask.FromResult(new MetricReading(97.5m)));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        provider.GetRequiredService<IStartupValidator>().Validate();

        await provider.GetRequiredService<Keyring>().InitializeAsync();
        envelopes.Put("r-1", provider.GetRequiredService<IEnvelopeCipher>().Encrypt("note"u8, new EncryptionContext("clinic-a", "visit-note", "r-1", "storage")));
        var audit = provider.GetRequiredService<AuditLog>();
        await audit.CheckpointAsync();

        var collectors = provider.GetServices<IEvidenceCollector>().ToList();
        Assert.Equal(
            [typeof(KeyAgeEvidenceCollector), typeof(RetiredKeyVersionEvidenceCollector), typeof(EncryptionCoverageEvidenceCollector), typeof(AuditLogEvidenceCollector), typeof(BaaCoverageEvidenceCollector), typeof(MetricEvidenceCollector)],
            collectors.Select(c => c.GetType()));

        var register = new EvidenceRegister(provider.GetRequiredService<SecurityRuleCatalog>(), _time);
        Assert.Equal(7, await register.CollectAsync(collectors));
        Assert.Equal(
            ["audit.checkpoint-age", "audit.log-verification", "baa.coverage", "crypto.encryption-coverage", "crypto.kek.primary-age", "crypto.kek.retired-version-records", "identity.mfa-enrollment"],
            register.Items.Select(i => i.Id));
        // Ready-made collectors use the configured lifetime; a metric keeps the lifetime of its definition.
        Assert.All(register.Items, i => Assert.Equal(i.Id == "identity.mfa-enrollment" ? TimeSpan.FromDays(1) : TimeSpan.FromHours(12), i.ExpiresAt - i.CollectedAt));

        // The key-encryption key's key operations are in the audit log, which verifies against the host's own key.
        Assert.True(register.TryGet("audit.log-verification", out var verification));
        Assert.Equal(EvidenceOutcome.Satisfied, verification.Outcome);
        Assert.True(register.TryGet("crypto.kek.primary-age", out var keyAge));
        Assert.Equal(EvidenceOutcome.Satisfied, keyAge.Outcome);
        Assert.Contains("rotation period 90 days", keyAge.Observation.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(register.Check(), f => f.Subject is "crypto.encryption-coverage" or "crypto.kek.retired-version-records");
    }

    [Fact]
    public async Task The_retired_version_evidence_counts_what_the_keyring_census_counts_records_subject_keys_and_integrity_keys()
    {
        var envelopes = new MemoryEnvelopeStore();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_time).AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_directory.Combine("audit"));
        services.AddTelehealthCrypto(o =>
        {
            o.KeyDirectory = _directory.Combine("keys");
            o.MasterKeyFile = _directory.Combine("master.key");
            o.CreateMasterKeyFileIfMissing = true;
            o.EnableSubjectKeys = true;
        });
        services.AddSingleton<IEnvelopeStore>(envelopes);
        services.AddTelehealthComplianceEvidence();
        await using var provider = services.BuildServiceProvider();
        var keyring = provider.GetRequiredService<Keyring>();
        await keyring.InitializeAsync();
        var cipher = provider.GetRequiredService<EnvelopeCipher>();
        envelopes.Put("r-1", cipher.Encrypt("note"u8, new EncryptionContext("clinic-a", "visit-note", "r-1", "storage", "patient-1")));
        await provider.GetRequiredService<IntegrityKeyStore>().GetHmacKeySetAsync("order-tags");

        // Rotate and rewrap the records only: the subject keys and the integrity key stay on version 1.
        var added = await keyring.AddPendingVersionAsync();
        _time.Advance(TimeSpan.FromMinutes(5));
        await keyring.PromoteAsync(added.Version);
        await new KeyRewrapJob(cipher, envelopes, _directory.Combine("rewrap.checkpoint")).RunAsync();
        var collector = provider.GetServices<IEvidenceCollector>().OfType<RetiredKeyVersionEvidenceCollector>().Single();

        var awaiting = Assert.Single(await collector.CollectAsync(CancellationToken.None));
        Assert.Equal(EvidenceOutcome.Informational, awaiting.Outcome);
        Assert.Equal(
            "Records and keys of keyring 'default' on versions other than the primary: 0 cannot be decrypted, 3 await rewrap (v1 DecryptOnly: 1 integrity keys, 2 subject keys).",
            awaiting.Observation.Description);

        // What the evidence counts is what blocks retirement (once every node has read the new primary).
        _time.Advance(TimeSpan.FromMinutes(1));
        var refused = await Assert.ThrowsAsync<KeyVersionInUseException>(() => keyring.DisableAsync(1).AsTask());
        Assert.Equal(["integrity keys", "subject keys"], refused.Blockers.Select(b => b.Source));

        await new KeyRewrapJob(cipher, _directory.Combine("rewrap-all.checkpoint")).RunAsync();
        await keyring.DisableAsync(1);
        var done = Assert.Single(await collector.CollectAsync(CancellationToken.None));
        Assert.Equal(EvidenceOutcome.Satisfied, done.Outcome);
    }

    [Fact]
    public async Task Logging_added_after_AddTelehealthComplianceEvidence_receives_the_collectors_logs()
    {
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_time);
        services.AddTelehealthCompliance(o => o.StoreDirectory = _directory.Combine("compliance"));
        services.AddTelehealthComplianceEvidence();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(logs)));
        Assert.DoesNotContain(services, d => d.ImplementationType == typeof(Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var collector = Assert.Single(provider.GetServices<IEvidenceCollector>());
        await collector.CollectAsync(CancellationToken.None);

        Assert.Contains(logs.GetSnapshot(), r => r.Message.StartsWith("Evidence collector telehealth.compliance.baa-coverage", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_collectors_whose_sources_are_registered_are_added()
    {
        // The vendor inventory comes with Telehealth.Compliance itself, so BAA coverage is always collected.
        var store = _directory.Combine("compliance");
        using var none = new ServiceCollection().AddTelehealthCompliance(o => o.StoreDirectory = store).AddTelehealthComplianceEvidence().Services.BuildServiceProvider();
        Assert.IsType<BaaCoverageEvidenceCollector>(Assert.Single(none.GetServices<IEvidenceCollector>()));

        using var envelopes = new ServiceCollection()
            .AddSingleton<IEnvelopeStore>(new MemoryEnvelopeStore())
            .AddTelehealthCompliance(o => o.StoreDirectory = store)
            .AddTelehealthComplianceEvidence().Services.BuildServiceProvider();
        Assert.Equal(
            [typeof(EncryptionCoverageEvidenceCollector), typeof(BaaCoverageEvidenceCollector)],
            envelopes.GetServices<IEvidenceCollector>().Select(c => c.GetType()).OrderBy(t => t.Name, StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void Adding_twice_registers_each_collector_once()
    {
        var services = new ServiceCollection()
            .AddSingleton<IEnvelopeStore>(new MemoryEnvelopeStore())
            .AddSingleton(new VendorInventory(_time));
        services.AddTelehealthComplianceEvidence();
        services.AddTelehealthComplianceEvidence();

        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IEvidenceCollector)));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<ComplianceEvidenceOptions>));
    }

    [Fact]
    public async Task Configured_trusted_keys_replace_the_hosts_own()
    {
        using var stranger = CheckpointSigningKey.Generate("auditor.example/audit");
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_time).AddLogging();
        services.AddTelehealthAudit(o => o.Origin = "clinic.example/audit").UseFileStore(_directory.Combine("audit"));
        services.AddTelehealthCompliance(o => o.StoreDirectory = _directory.Combine("compliance"));
        services.AddTelehealthComplianceEvidence(o => o.TrustedCheckpointKeys.Add(stranger.VerifierKey.ToString()));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<AuditLog>().CheckpointAsync();

        var items = await Assert.Single(provider.GetServices<IEvidenceCollector>().OfType<AuditLogEvidenceCollector>()).CollectAsync(CancellationToken.None);

        Assert.Equal(EvidenceOutcome.NotSatisfied, items[0].Outcome);
        Assert.Contains("BadSignature", items[0].Observation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_fail_at_start_with_one_message_listing_every_error()
    {
        using var provider = new ServiceCollection()
            .AddTelehealthComplianceEvidence(o =>
            {
                o.EvidenceLifetime = TimeSpan.Zero;
                o.KeyRotationGracePeriod = TimeSpan.FromDays(-1);
                o.MinimumEncryptionCoveragePercent = 100.5m;
                o.MaxCheckpointAge = TimeSpan.FromMinutes(-5);
                o.MinimumBaaCoveragePercent = -1m;
                o.TrustedCheckpointKeys.Add("not-a-key");
            })
            .Services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            "ComplianceEvidenceOptions.EvidenceLifetime is 00:00:00; it must be positive.; "
            + "ComplianceEvidenceOptions.KeyRotationGracePeriod is -1.00:00:00; it must not be negative.; "
            + "ComplianceEvidenceOptions.MinimumEncryptionCoveragePercent is 100.5; it must be between 0 and 100.; "
            + "ComplianceEvidenceOptions.MaxCheckpointAge is -00:05:00; it must be positive.; "
            + "ComplianceEvidenceOptions.MinimumBaaCoveragePercent is -1; it must be between 0 and 100.; "
            + "ComplianceEvidenceOptions.TrustedCheckpointKeys[0] is not a checkpoint verifier key (name+keyid+base64).",
            ex.Message);
    }

    [Fact]
    public void Default_options_are_valid()
    {
        using var provider = new ServiceCollection().AddTelehealthComplianceEvidence().Services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        var options = provider.GetRequiredService<IOptions<ComplianceEvidenceOptions>>().Value;
        Assert.Equal(TimeSpan.FromDays(1), options.EvidenceLifetime);
        Assert.Equal(TimeSpan.FromDays(1), options.KeyRotationGracePeriod);
        Assert.Equal(100m, options.MinimumEncryptionCoveragePercent);
        Assert.Equal(TimeSpan.FromHours(1), options.MaxCheckpointAge);
        Assert.Equal(100m, options.MinimumBaaCoveragePercent);
        Assert.Empty(options.TrustedCheckpointKeys);
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>("services", () => ((IServiceCollection)null!).AddTelehealthComplianceEvidence());
        var builder = new ServiceCollection().AddTelehealthComplianceEvidence();
        Assert.Throws<ArgumentNullException>("definition", () => builder.AddMetric(null!, _ => _ => default));
        Assert.Throws<ArgumentNullException>("read", () => builder.AddMetric(MfaEnrollment, null!));
    }
}
