namespace Telehealth.Compliance.Evidence.Tests.AuditVerification;

/// <summary>The audit log collector against a real audit log on the file store.</summary>
public sealed class AuditLogEvidenceCollectorTests
{
    private static AuditLogEvidenceCollector Collector(AuditHost host, IEnumerable<CheckpointVerifierKey>? keys = null) =>
        new(host.Store, keys ?? host.Log.VerifierKeys, Collecting.Catalog, timeProvider: host.Time);

    private static async Task<(EvidenceItem Verification, EvidenceItem CheckpointAge)> CollectAsync(AuditHost host, AuditLogEvidenceCollector? collector = null)
    {
        var items = await Collecting.CollectAsync(collector ?? Collector(host), host.Time);
        Assert.Equal(2, items.Count);
        return (items[0], items[1]);
    }

    [Fact]
    public async Task A_verified_log_with_a_fresh_checkpoint_satisfies_both()
    {
        await using var host = new AuditHost();
        await host.AppendAsync(5);
        await host.Log.CheckpointAsync();
        host.Time.Advance(TimeSpan.FromMinutes(20));

        var (verification, age) = await CollectAsync(host);

        Assert.Equal("audit.log-verification", verification.Id);
        Assert.Equal("telehealth.audit.verification", verification.Source);
        Assert.Equal(EvidenceKind.TestResult, verification.Kind);
        Assert.Equal(EvidenceOutcome.Satisfied, verification.Outcome);
        Assert.Equal(["164.312(b)", "164.312(c)(1)"], verification.Citations);
        Assert.Equal("audit.log.verified-entries", verification.Observation.Metric);
        Assert.Equal(5m, verification.Observation.Value);
        Assert.Equal("The audit log verified: 5 entries and 1 signed checkpoints, against 1 trusted keys.", verification.Observation.Description);

        Assert.Equal("audit.checkpoint-age", age.Id);
        Assert.Equal(EvidenceKind.RuntimeMeasurement, age.Kind);
        Assert.Equal(EvidenceOutcome.Satisfied, age.Outcome);
        Assert.Equal(["164.312(c)(1)", "164.312(b)"], age.Citations);
        Assert.Equal("audit.checkpoint.age", age.Observation.Metric);
        Assert.Equal(20m, age.Observation.Value);
        Assert.Equal("minutes", age.Observation.Unit);
        Assert.Equal(
            "Age of the last trusted signed checkpoint, covering 5 of 5 entries (0 appended after it); threshold at most 60 minutes while entries are uncovered.",
            age.Observation.Description);
    }

    [Fact]
    public async Task A_tampered_store_fails_verification_with_the_reason_kind_only()
    {
        await using var host = new AuditHost();
        await host.AppendAsync(4);
        await host.Log.CheckpointAsync();
        await host.TamperAsync();

        var (verification, _) = await CollectAsync(host);

        Assert.Equal(EvidenceOutcome.NotSatisfied, verification.Outcome);
        Assert.Equal("The audit log failed verification: Modified at position 3; 3 entries verified before it.", verification.Observation.Description);
        Assert.Equal(3m, verification.Observation.Value);
        Assert.DoesNotContain("r-", verification.Observation.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("u-1", verification.Observation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkpoints_signed_by_an_untrusted_key_fail()
    {
        await using var host = new AuditHost();
        await host.AppendAsync(2);
        await host.Log.CheckpointAsync();
        using var stranger = CheckpointSigningKey.Generate("stranger.example/audit");

        var (verification, age) = await CollectAsync(host, Collector(host, [stranger.VerifierKey]));

        Assert.Equal(EvidenceOutcome.NotSatisfied, verification.Outcome);
        Assert.StartsWith("The audit log failed verification: BadSignature at position 2;", verification.Observation.Description, StringComparison.Ordinal);
        Assert.Equal(EvidenceOutcome.NotSatisfied, age.Outcome);
        Assert.Equal("The audit log holds 2 entries but no checkpoint signed by a trusted key.", age.Observation.Description);
    }

    [Fact]
    public async Task A_stale_checkpoint_with_entries_after_it_is_a_gap()
    {
        await using var host = new AuditHost();
        await host.AppendAsync(3);
        await host.Log.CheckpointAsync();
        host.Time.Advance(TimeSpan.FromHours(2));
        await host.AppendAsync(1); // no time passes after it, so the log's timer does not checkpoint it

        var (verification, age) = await CollectAsync(host);

        Assert.Equal(EvidenceOutcome.Satisfied, verification.Outcome);
        Assert.Equal(EvidenceOutcome.NotSatisfied, age.Outcome);
        Assert.Equal(120m, age.Observation.Value);
        Assert.Equal(
            "Age of the last trusted signed checkpoint, covering 3 of 4 entries (1 appended after it); threshold at most 60 minutes while entries are uncovered.",
            age.Observation.Description);
    }

    [Fact]
    public async Task An_old_checkpoint_of_a_quiet_log_still_covers_everything()
    {
        await using var host = new AuditHost();
        await host.AppendAsync(3);
        await host.Log.CheckpointAsync();
        host.Time.Advance(TimeSpan.FromHours(8));

        var (_, age) = await CollectAsync(host);

        Assert.Equal(EvidenceOutcome.Satisfied, age.Outcome);
        Assert.Equal(480m, age.Observation.Value);
    }

    [Fact]
    public async Task Entries_without_any_checkpoint_are_a_gap_and_an_empty_log_is_informational()
    {
        await using var host = new AuditHost();
        var (_, empty) = await CollectAsync(host);
        Assert.Equal(EvidenceOutcome.Informational, empty.Outcome);
        Assert.Equal("The audit log holds no entries and no checkpoint yet.", empty.Observation.Description);

        await host.AppendAsync(2);
        var (verification, age) = await CollectAsync(host);

        // Entries no trusted checkpoint covers are not verified integrity: the verifier does not call them valid.
        Assert.Equal(EvidenceOutcome.NotSatisfied, verification.Outcome);
        Assert.Contains(nameof(AuditVerificationFailure.NoTrustedCheckpoint), verification.Observation.Description, StringComparison.Ordinal);
        Assert.Equal(EvidenceOutcome.NotSatisfied, age.Outcome);
        Assert.Equal("The audit log holds 2 entries but no checkpoint signed by a trusted key.", age.Observation.Description);
    }

    [Fact]
    public async Task Arguments_are_checked()
    {
        await using var host = new AuditHost();
        Assert.Throws<ArgumentNullException>("store", () => new AuditLogEvidenceCollector(null!, [], Collecting.Catalog));
        Assert.Throws<ArgumentNullException>("trustedKeys", () => new AuditLogEvidenceCollector(host.Store, null!, Collecting.Catalog));
        Assert.Throws<ArgumentNullException>("trustedKeys", () => new AuditLogEvidenceCollector(host.Store, [null!], Collecting.Catalog));
    }
}
