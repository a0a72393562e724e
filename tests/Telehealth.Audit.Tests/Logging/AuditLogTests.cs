using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telehealth.Audit.Tests.Logging;

public sealed class AuditLogTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Appends_get_sequences_and_proofs_that_verify_against_signed_checkpoints()
    {
        await using var host = new AuditHost(_dir);
        var results = new List<AuditAppendResult>();
        for (var i = 0; i < 10; i++)
        {
            results.Add(await host.Log.AppendAsync(TestRecords.Read(i)));
        }

        var first = await host.Log.CheckpointAsync();
        for (var i = 10; i < 37; i++)
        {
            results.Add(await host.Log.AppendAsync(TestRecords.Read(i)));
        }

        var second = await host.Log.CheckpointAsync();
        Assert.Equal(10, first.Checkpoint.TreeSize);
        Assert.Equal(37, second.Checkpoint.TreeSize);
        Assert.True(second.IsSignedByAny(host.Log.VerifierKeys));
        Assert.Equal("clinic.example/audit", second.Checkpoint.Origin);

        foreach (var result in results)
        {
            var proof = await host.Log.GetInclusionProofAsync(result.Sequence, 37);
            Assert.True(proof.Verify(result.LeafHash.Span, second.Checkpoint.RootHash.Span));
            Assert.True(proof.Hashes.Count <= 6);
        }

        var consistency = await host.Log.GetConsistencyProofAsync(10, 37);
        Assert.True(consistency.Verify(first.Checkpoint.RootHash.Span, second.Checkpoint.RootHash.Span));
        Assert.False(consistency.Verify(second.Checkpoint.RootHash.Span, first.Checkpoint.RootHash.Span));
    }

    [Fact]
    public async Task A_checkpoint_is_signed_on_the_interval_after_records_arrive()
    {
        await using var host = new AuditHost(_dir, o => o.CheckpointInterval = TimeSpan.FromSeconds(10));
        await host.Log.AppendAsync(TestRecords.Read(0));
        Assert.Empty(await CheckpointsAsync(host.Store));
        host.Time.Advance(TimeSpan.FromSeconds(10));
        var notes = await EventuallyAsync(() => CheckpointsAsync(host.Store), n => n.Count == 1);
        Assert.Equal(1, SignedCheckpoint.Parse(notes[0]).Checkpoint.TreeSize);
        Assert.Equal(TestRecords.Epoch.AddSeconds(10), SignedCheckpoint.Parse(notes[0]).Checkpoint.Timestamp);
    }

    [Fact]
    public async Task A_checkpoint_is_signed_every_N_records_and_on_dispose()
    {
        var host = new AuditHost(_dir, o => o.CheckpointEveryRecords = 5);
        for (var i = 0; i < 7; i++)
        {
            await host.Log.AppendAsync(TestRecords.Read(i));
        }

        await EventuallyAsync(() => CheckpointsAsync(host.Store), n => n.Any(note => SignedCheckpoint.Parse(note).Checkpoint.TreeSize == 5));
        var keys = host.Log.VerifierKeys;
        await host.DisposeAsync();

        var result = await AuditVerifier.VerifyDirectoryAsync(_dir.Path, keys);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(7, result.Checkpoints[^1].TreeSize);
    }

    [Fact]
    public async Task Time_and_correlation_are_stamped_by_the_log()
    {
        await using var host = new AuditHost(_dir);
        host.Time.Advance(TimeSpan.FromTicks(12_345_678));
        using var activity = new Activity("visit").SetIdFormat(ActivityIdFormat.W3C).Start();
        var record = TestRecords.Read(0) with { OccurredAt = default, CorrelationId = null };
        var result = await host.Log.AppendAsync(record);
        var entry = await ReadAsync(host.Store, result.Sequence);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(TestRecords.Epoch.AddTicks(12_345_678).ToUnixTimeMilliseconds()), entry.Record.OccurredAt);
        Assert.Equal(activity.TraceId.ToHexString(), entry.Record.CorrelationId);
    }

    [Fact]
    public async Task Personal_fields_are_erased_by_default_and_never_reach_the_store_files()
    {
        await using (var host = new AuditHost(_dir))
        {
            var result = await host.Log.AppendAsync(WithPersonalData());
            var entry = await ReadAsync(host.Store, result.Sequence);
            Assert.Equal(string.Empty, entry.Record.Extra.Single(f => f.Name == "patient.name").Value);
            Assert.Equal("video", entry.Record.Extra.Single(f => f.Name == "visit.kind").Value);
            Assert.True(string.IsNullOrEmpty(entry.Record.Source!.IpAddress));
        }

        AssertNotInFiles("Jane Roe", "jane.roe@example.org", "203.0.113.7");
    }

    [Fact]
    public async Task Personal_fields_are_pseudonymized_by_the_hosts_redactor()
    {
        await using (var host = new AuditHost(_dir, services: s => s.AddRedaction(r => r.SetRedactor<PseudonymRedactor>(new DataClassificationSet(AuditTaxonomy.Personal)))))
        {
            var first = await ReadAsync(host.Store, (await host.Log.AppendAsync(WithPersonalData())).Sequence);
            var second = await ReadAsync(host.Store, (await host.Log.AppendAsync(WithPersonalData())).Sequence);
            var pseudonym = first.Record.Extra.Single(f => f.Name == "patient.name").Value;
            Assert.StartsWith("psn:", pseudonym, StringComparison.Ordinal);
            Assert.Equal(pseudonym, second.Record.Extra.Single(f => f.Name == "patient.name").Value);
            Assert.StartsWith("psn:", first.Record.Source!.IpAddress, StringComparison.Ordinal);
        }

        AssertNotInFiles("Jane Roe", "jane.roe@example.org", "203.0.113.7");
    }

    public static TheoryData<string, string> Rejections => new()
    {
        { "phi", "TH1003" },
        { "unclassified", "TH1004" },
        { "none", "TH1004" },
        { "justification", "TH1002" },
        { "action", "TH1006" },
        { "extras", "TH1005" },
        { "actor", "TH1001" },
        { "purpose", "TH1006" },
        { "value", "TH1002" },
        { "name", "TH1006" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Records_breaking_a_rule_are_rejected_whole_and_nothing_is_stored(string breach, string code)
    {
        await using var host = new AuditHost(_dir);
        var record = breach switch
        {
            "phi" => TestRecords.Read(0) with { Extra = [new AuditField("diagnosis", "J45.909", AuditTaxonomy.Phi)] },
            "unclassified" => TestRecords.Read(0) with { Extra = [new AuditField("note", "x", DataClassification.Unknown)] },
            "none" => TestRecords.Read(0) with { Extra = [new AuditField("note", "x", DataClassification.None)] },
            "justification" => TestRecords.Read(0) with { Justification = new string('j', 1025) },
            "action" => TestRecords.Read(0) with { Action = "PHI Read" },
            "extras" => TestRecords.Read(0) with { Extra = Enumerable.Range(0, 17).Select(i => AuditField.Operational("f" + i, "v")).ToArray() },
            "actor" => TestRecords.Read(0) with { Actor = new AuditActor(string.Empty, AuditActorType.User) },
            "purpose" => TestRecords.Read(0) with { PurposeOfUse = "treat ment" },
            "value" => TestRecords.Read(0) with { Extra = [AuditField.Operational("note", new string('v', 513))] },
            _ => TestRecords.Read(0) with { Extra = [AuditField.Operational("Bad Name", "v")] },
        };
        var ex = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(record));
        Assert.Equal(code, ex.Code);
        Assert.DoesNotContain("J45", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await host.Store.GetCountAsync());
    }

    [Fact]
    public async Task A_null_record_is_an_argument_error()
    {
        await using var host = new AuditHost(_dir);
        await Assert.ThrowsAsync<ArgumentNullException>("record", async () => await host.Log.AppendAsync(null!));
    }

    [Fact]
    public async Task Queries_page_through_matches_and_are_themselves_audited()
    {
        await using var host = new AuditHost(_dir);
        for (var i = 0; i < 30; i++)
        {
            await host.Log.AppendAsync(TestRecords.Read(i, i % 3 == 0 ? "u-auditor-target" : "u-other"));
        }

        var auditor = new AuditActor("u-privacy-officer", AuditActorType.User, "privacy-officer");
        var query = new AuditQuery { ActorId = "u-auditor-target", Action = "phi.*", PageSize = 4 };
        var page = await host.Log.QueryAsync(query, auditor);
        var all = new List<AuditEntry>(page.Entries);
        while (page.NextSequence is { } next)
        {
            page = await host.Log.QueryAsync(query with { StartSequence = next }, auditor);
            all.AddRange(page.Entries);
        }

        Assert.Equal(10, all.Count);
        Assert.All(all, e => Assert.Equal("u-auditor-target", e.Record.Actor.Id));
        var reads = await host.Log.QueryAsync(new AuditQuery { Action = "audit.read", PageSize = 1000 }, auditor);
        Assert.True(reads.Entries.Count >= 3);
        Assert.All(reads.Entries, e => Assert.Equal("u-privacy-officer", e.Record.Actor.Id));
    }

    [Fact]
    public async Task Exported_bundles_verify_offline_and_the_export_is_audited()
    {
        await using var host = new AuditHost(_dir);
        for (var i = 0; i < 20; i++)
        {
            await host.Log.AppendAsync(TestRecords.Read(i));
        }

        var exporter = new AuditActor("u-privacy-officer", AuditActorType.User);
        using var bundle = new MemoryStream();
        await host.Log.ExportBundleAsync(bundle, 5, 15, exporter);
        bundle.Position = 0;
        var result = await AuditVerifier.VerifyBundleAsync(bundle, host.Log.VerifierKeys);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(10, result.EntriesVerified);

        var exports = await host.Log.QueryAsync(new AuditQuery { Action = "audit.export" }, exporter);
        Assert.Single(exports.Entries);
        Assert.Equal("5", exports.Entries[0].Record.Extra.Single(f => f.Name == "range.from").Value);
    }

    [Fact]
    public async Task A_bundle_larger_than_the_read_buffer_verifies_and_a_line_longer_than_it_is_read_whole()
    {
        await using var host = new AuditHost(_dir);
        for (var i = 0; i < 400; i++)
        {
            await host.Log.AppendAsync(TestRecords.Read(i) with { Justification = new string('j', 1000) });
        }

        using var bundle = new MemoryStream();
        await host.Log.ExportBundleAsync(bundle, 0, 400, new AuditActor("u-1", AuditActorType.User));
        Assert.True(bundle.Length > 4 * 65536);
        bundle.Position = 0;
        var result = await AuditVerifier.VerifyBundleAsync(bundle, host.Log.VerifierKeys);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(400, result.EntriesVerified);

        var lines = Encoding.UTF8.GetString(bundle.ToArray()).TrimEnd('\n').Split('\n');
        var padded = lines[1].Replace("{\"sequence\"", "{" + new string(' ', 200_000) + "\"sequence\"", StringComparison.Ordinal);
        var withLongLine = await VerifyAsync([lines[0], padded, lines[2]], host.Log.VerifierKeys);
        Assert.True(withLongLine.IsValid, withLongLine.Message);
        Assert.Equal(2, withLongLine.EntriesVerified);
    }

    [Fact]
    public async Task Tampered_truncated_and_hostile_bundles_are_rejected()
    {
        await using var host = new AuditHost(_dir);
        for (var i = 0; i < 8; i++)
        {
            await host.Log.AppendAsync(TestRecords.Read(i));
        }

        using var buffer = new MemoryStream();
        await host.Log.ExportBundleAsync(buffer, 0, 8, new AuditActor("u-1", AuditActorType.User));
        var lines = Encoding.UTF8.GetString(buffer.ToArray()).TrimEnd('\n').Split('\n');
        var keys = host.Log.VerifierKeys;

        Assert.Equal(AuditVerificationFailure.Missing, (await VerifyAsync([lines[0], lines[1], lines[3]], keys)).Failure);
        Assert.Equal(AuditVerificationFailure.Reordered, (await VerifyAsync([lines[0], lines[2], lines[1]], keys)).Failure);
        Assert.Equal(AuditVerificationFailure.Malformed, (await VerifyAsync([lines[0], lines[1][..20]], keys)).Failure);
        Assert.Equal(AuditVerificationFailure.Malformed, (await VerifyAsync(["not json", lines[1]], keys)).Failure);
        Assert.Equal(AuditVerificationFailure.Malformed, (await VerifyAsync([lines[0], new string('x', AuditBundle.MaxLineLength + 10)], keys)).Failure);
        using var stranger = CheckpointSigningKey.Generate("stranger");
        Assert.Equal(AuditVerificationFailure.BadSignature, (await VerifyAsync(lines, [stranger.VerifierKey])).Failure);

        var entryStart = lines[2].IndexOf("\"entry\":\"", StringComparison.Ordinal) + 30;
        var flipped = lines[2][..entryStart] + (lines[2][entryStart] == 'A' ? 'B' : 'A') + lines[2][(entryStart + 1)..];
        var tampered = await VerifyAsync([lines[0], lines[1], flipped], keys);
        Assert.False(tampered.IsValid);
        Assert.Contains(tampered.Failure, new[] { AuditVerificationFailure.Modified, AuditVerificationFailure.Malformed });

        var random = new Random(9162);
        var raw = buffer.ToArray();
        for (var i = 0; i < 200; i++)
        {
            var copy = (byte[])raw.Clone();
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            using var stream = new MemoryStream(copy);
            var outcome = await AuditVerifier.VerifyBundleAsync(stream, keys);
            if (outcome.IsValid)
            {
                Assert.Equal(raw.Length, copy.Length); // a flip inside insignificant JSON whitespace is the only harmless one
            }
        }
    }

    [Fact]
    public async Task A_break_glass_record_raises_a_critical_alert_through_the_sinks()
    {
        await using var host = new AuditHost(_dir);
        await host.Log.AppendAsync(TestRecords.Read(0) with { PurposeOfUse = PurposeOfUse.EmergencyTreatment, Justification = "unconscious patient in ED" });
        var alerts = await EventuallyAsync(() => Task.FromResult(host.Alerts.Alerts.ToList()), a => a.Any(x => x.RuleName == BreakGlassAlertRule.Name));
        var breakGlass = alerts.Single(x => x.RuleName == BreakGlassAlertRule.Name);
        Assert.Equal(AuditAlertSeverity.Critical, breakGlass.Severity);
        Assert.Equal(0, breakGlass.TriggeringSequence);
        Assert.DoesNotContain("unconscious", breakGlass.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_with_every_error_in_one_message()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTelehealthAudit(o =>
        {
            o.Origin = string.Empty;
            o.CheckpointInterval = TimeSpan.Zero;
            o.CheckpointEveryRecords = 0;
        }).UseFileStore(_dir.Path);
        await using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AuditOptions>>().Value);
        Assert.Contains("AuditOptions.CheckpointInterval must be between 100 milliseconds and 1 day.", ex.Failures);
        Assert.Equal(3, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("Origin", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("CheckpointEveryRecords", StringComparison.Ordinal));
    }

    private static AuditRecord WithPersonalData() => TestRecords.Read(0) with
    {
        Source = new AuditSource("203.0.113.7", "device-7"),
        Extra =
        [
            AuditField.Personal("patient.name", "Jane Roe"),
            AuditField.Personal("contact.email", "jane.roe@example.org"),
            AuditField.Operational("visit.kind", "video"),
        ],
    };

    private void AssertNotInFiles(params string[] values)
    {
        foreach (var file in Directory.GetFiles(_dir.Path))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var value in values)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) < 0, $"{value} found in {Path.GetFileName(file)}");
            }
        }
    }

    private static async Task<AuditVerificationResult> VerifyAsync(IEnumerable<string> lines, IEnumerable<CheckpointVerifierKey> keys)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        return await AuditVerifier.VerifyBundleAsync(stream, keys);
    }

    private static async Task<AuditEntry> ReadAsync(IAuditStore store, long sequence)
    {
        await foreach (var stored in store.ReadAsync(sequence))
        {
            return AuditEntry.Decode(stored.Data.Span);
        }

        throw new InvalidOperationException("no entry");
    }

    private static async Task<List<string>> CheckpointsAsync(IAuditStore store)
    {
        var notes = new List<string>();
        await foreach (var note in store.ReadCheckpointsAsync())
        {
            notes.Add(note);
        }

        return notes;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.True(done(value), "the condition was not reached within 10 seconds");
                return value;
            }

            await Task.Delay(20);
        }
    }
}
