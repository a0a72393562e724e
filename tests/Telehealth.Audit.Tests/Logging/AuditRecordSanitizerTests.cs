using System.Text;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Telehealth.Audit.Tests.Logging;

/// <summary>Hostile text and the PHI detector, through a real log on a file store.</summary>
public sealed class AuditRecordSanitizerTests : IDisposable
{
    private const string Marker = "SECRET-TEXT";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static IEnumerable<(string Field, Func<string, AuditRecord> Record)> EveryTextField()
    {
        var r = TestRecords.Read(0);
        yield return ("actor.id", v => r with { Actor = new AuditActor(v, AuditActorType.User) });
        yield return ("actor.role", v => r with { Actor = new AuditActor("u-1", AuditActorType.User, v) });
        yield return ("resource.type", v => r with { Resource = new AuditResource(v, "r-1") });
        yield return ("resource.id", v => r with { Resource = new AuditResource("patient-record", v) });
        yield return ("justification", v => r with { Justification = v });
        yield return ("outcome.reasonCode", v => r with { Outcome = AuditOutcome.Failed(v) });
        yield return ("correlationId", v => r with { CorrelationId = v });
        yield return ("source.ipAddress", v => r with { Source = new AuditSource(v) });
        yield return ("source.deviceId", v => r with { Source = new AuditSource(DeviceId: v) });
        yield return ("source.sessionId", v => r with { Source = new AuditSource(SessionId: v) });
        yield return ("extra.note", v => r with { Extra = [AuditField.Operational("note", v)] });
        yield return ("extra.note", v => r with { Extra = [AuditField.FreeText("note", v)] });
        yield return ("extra.contact", v => r with { Extra = [AuditField.Personal("contact", v)] });
        yield return ("extra.note", v => r with { Extra = [new AuditField("note", "x", new DataClassificationSet(new DataClassification("Host" + v, "Note")))] });
    }

    [Fact]
    public async Task A_lone_surrogate_in_any_field_is_the_packages_own_error_and_is_never_echoed()
    {
        await using var host = new AuditHost(_dir);
        foreach (var (field, make) in EveryTextField())
        {
            foreach (var value in new[] { Marker + "\uD800", "\uDC00" + Marker, Marker + "\uDBFF\uDBFF" + Marker })
            {
                var ex = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(make(value)));
                Assert.Equal(AuditErrorCodes.RecordFieldMalformed, ex.Code);
                Assert.Equal(field, ex.Field);
                Assert.DoesNotContain(Marker, ex.Message, StringComparison.Ordinal);
                Assert.Contains("unpaired surrogate", ex.Message, StringComparison.Ordinal);
            }
        }

        Assert.Equal(0, await host.Store.GetCountAsync());
    }

    [Fact]
    public void The_codec_refuses_text_it_cannot_encode_with_the_packages_own_error()
    {
        // The same refusal when a record reaches the encoder without the log's checks (a custom store).
        foreach (var (field, make) in EveryTextField().Where(f => f.Field != "extra.contact"))
        {
            var ex = Assert.Throws<AuditRecordRejectedException>(() => TestRecords.Encode(0, make(Marker + "\uD800")));
            Assert.Equal(AuditErrorCodes.RecordFieldMalformed, ex.Code);
            Assert.Equal(field, ex.Field);
            Assert.DoesNotContain(Marker, ex.Message, StringComparison.Ordinal);
        }

        var name = Assert.Throws<AuditRecordRejectedException>(() => TestRecords.Encode(0, TestRecords.Read(0) with { Extra = [AuditField.Operational(Marker + "\uD800", "v")] }));
        Assert.Equal("extra", name.Field);
        Assert.DoesNotContain(Marker, name.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> MalformedTokens => new()
    {
        { "resource.type", " patient-record" },
        { "resource.type", "patient-record " },
        { "resource.type", "patient  record" },
        { "resource.type", "patient\trecord" },
        { "resource.type", "   " },
        { "resource.type", "patient\u00A0record" },
        { "resource.type", "patient\u2028record" },
        { "resource.id", "r-1\n" },
        { "resource.id", "r\u00001" },
        { "resource.id", "\u0085" },
        { "actor.id", "u-1\r" },
        { "correlationId", "4bf92f35 77b34da6\u007F" },
        { "correlationId", " " },
        { "source.deviceId", "\uFEFFdevice" },
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task Identifiers_codes_and_names_refuse_control_characters_and_stray_whitespace(string field, string value)
    {
        await using var host = new AuditHost(_dir);
        var make = EveryTextField().First(f => f.Field == field).Record;
        var ex = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(make(value)));
        Assert.Equal(AuditErrorCodes.RecordFieldMalformed, ex.Code);
        Assert.Equal(field, ex.Field);
        Assert.Equal(0, await host.Store.GetCountAsync());
    }

    [Fact]
    public async Task Identifiers_with_single_inner_spaces_and_non_ASCII_are_accepted()
    {
        await using var host = new AuditHost(_dir);
        await host.Log.AppendAsync(TestRecords.Read(0) with
        {
            Resource = new AuditResource("patient record", "rewrap checkpoint.json"),
            Actor = new AuditActor("utilisatrice-\u00e9\U0001F600", AuditActorType.User, "nurse practitioner"),
            Outcome = AuditOutcome.Failed("line one\nline two\twith tab"),
            Justification = "Patient unconscious;\r\nattending approved.",
        });
        Assert.Equal(1, await host.Store.GetCountAsync());
    }

    [Theory]
    [InlineData("justification")]
    [InlineData("outcome.reasonCode")]
    [InlineData("extra.note")]
    public async Task Free_text_refuses_control_characters_and_whitespace_only(string field)
    {
        await using var host = new AuditHost(_dir);
        var make = EveryTextField().First(f => f.Field == field).Record;
        foreach (var value in new[] { "bell\u0007", "nul\u0000", "ls\u2028", "  \n\t ", "nbsp\u00A0" })
        {
            var ex = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(make(value)));
            Assert.Equal(AuditErrorCodes.RecordFieldMalformed, ex.Code);
            Assert.Equal(field, ex.Field);
        }
    }

    [Theory]
    [InlineData("HSYSADMIN")]
    [InlineData("BTG")]
    [InlineData("TREATDS")]
    public async Task Purpose_codes_of_the_v3_PurposeOfUse_value_set_are_accepted(string code)
    {
        await using var host = new AuditHost(_dir);
        await host.Log.AppendAsync(TestRecords.Read(0) with { PurposeOfUse = code });
        Assert.Equal("HSYSADMIN", PurposeOfUse.SystemAdministration);
    }

    [Theory]
    [InlineData("SYSADMIN")]
    [InlineData("TREATMENT")]
    [InlineData("treat")]
    [InlineData("TREAT\n")]
    [InlineData("PurposeOfUse")]
    [InlineData("")]
    public async Task Purpose_codes_are_checked_against_the_code_system_not_their_shape(string code)
    {
        await using var host = new AuditHost(_dir);
        var ex = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(TestRecords.Read(0) with { PurposeOfUse = code }));
        Assert.Equal(("purposeOfUse", AuditErrorCodes.RecordFieldMalformed), (ex.Field, ex.Code));
    }

    [Fact]
    public async Task A_trailing_line_feed_does_not_pass_the_action_and_field_name_patterns()
    {
        await using var host = new AuditHost(_dir);
        var action = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(TestRecords.Read(0) with { Action = "phi.read\n" }));
        Assert.Equal("action", action.Field);
        var name = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(TestRecords.Read(0) with { Extra = [AuditField.Operational("visit.kind\n", "video")] }));
        Assert.Equal("extra", name.Field);
    }

    public static TheoryData<string, string> PhiLikeText => new()
    {
        { "ssn", "caller gave SSN 123-45-6789 for verification" },
        { "ssn", "id 123 45 6789" },
        { "ssn", "ssn:123456789" },
        { "mrn", "chart MRN 00482913 locked" },
        { "mrn", "Medical Record Number: A1234567" },
        { "mrn", "mrn#99812" },
        { "dob", "DOB 3/14/1962, unconscious" },
        { "dob", "born 03/14/62" },
        { "dob", "geb. 14.03.1962" },
        { "dob", "date of birth 1962-03-14" },
        { "dob", "born March 14, 1962" },
        { "dob", "born 14th Mar 1962" },
    };

    [Theory]
    [MemberData(nameof(PhiLikeText))]
    public async Task PHI_like_free_text_is_rejected_by_default_without_echoing_it(string pattern, string text)
    {
        await using var host = new AuditHost(_dir);
        foreach (var field in new[] { "justification", "outcome.reasonCode" })
        {
            var make = EveryTextField().First(f => f.Field == field).Record;
            var ex = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(make(text)));
            Assert.Equal(AuditErrorCodes.RecordFieldPhiDetected, ex.Code);
            Assert.Equal(field, ex.Field);
            Assert.Equal($"TH1007: Audit record rejected: field '{field}' matches the PHI pattern '{pattern}'; audit records must not carry PHI.", ex.Message);
        }

        var extra = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(TestRecords.Read(0) with { Extra = [AuditField.FreeText("note", text)] }));
        Assert.Equal(("extra.note", AuditErrorCodes.RecordFieldPhiDetected), (extra.Field, extra.Code));
        Assert.Equal(0, await host.Store.GetCountAsync());
    }

    [Theory]
    [InlineData("Patient unconscious, attending physician approved access")]
    [InlineData("upgraded to 2.1.10 after incident 2026-0042")]
    [InlineData("room 101, bed 4; callback 555-0100")]
    [InlineData("mrn: see chart")]
    [InlineData("logged at 2026-03-04T10:00Z")]
    public async Task Ordinary_free_text_passes_the_detector(string text)
    {
        await using var host = new AuditHost(_dir);
        var stored = await ReadAsync(host, await host.Log.AppendAsync(TestRecords.Read(0) with { Justification = text, Extra = [AuditField.FreeText("note", text)] }));
        Assert.Equal(text, stored.Justification);
        Assert.Equal(text, stored.Extra.Single().Value);
    }

    [Fact]
    public async Task The_redact_policy_stores_the_record_with_each_match_replaced_and_no_trace_in_the_files()
    {
        await using (var host = new AuditHost(_dir, o => o.PhiDetection.Policy = PhiDetectionPolicy.Redact))
        {
            var stored = await ReadAsync(host, await host.Log.AppendAsync(TestRecords.Read(0) with
            {
                Justification = "DOB 3/14/1962, SSN 123-45-6789, MRN 00482913: unconscious",
                Outcome = AuditOutcome.Denied("born March 14, 1962"),
                Extra = [AuditField.FreeText("note", "ssn 123456789"), AuditField.Operational("ticket", "123-45-6789")],
            }));

            Assert.Equal("DOB [PHI:dob], SSN [PHI:ssn], [PHI:mrn]: unconscious", stored.Justification);
            Assert.Equal("born [PHI:dob]", stored.Outcome.ReasonCode);
            Assert.Equal("[PHI:ssn]", stored.Extra.Single(f => f.Name == "note").Value);

            // Operational values are codes, not free text: not scanned.
            Assert.Equal("123-45-6789", stored.Extra.Single(f => f.Name == "ticket").Value);
        }

        foreach (var file in Directory.GetFiles(_dir.Path).Where(f => f.EndsWith(".log", StringComparison.Ordinal) && !f.EndsWith("checkpoints.log", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var secret in new[] { "3/14/1962", "123456789", "00482913", "March 14" })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, secret);
            }
        }
    }

    [Fact]
    public async Task Detection_can_be_turned_off_whole_or_per_pattern_and_custom_patterns_are_added()
    {
        await using (var host = new AuditHost(_dir, o => o.PhiDetection.Enabled = false))
        {
            await host.Log.AppendAsync(TestRecords.Read(0) with { Justification = "SSN 123-45-6789" });
        }

        await using (var host = new AuditHost(_dir, o =>
        {
            o.PhiDetection.DatesOfBirth = false;
            o.PhiDetection.CustomPatterns["insurance"] = @"\bINS-[0-9]{6}\b";
        }))
        {
            await host.Log.AppendAsync(TestRecords.Read(1) with { Justification = "seen 3/14/2026" });
            var ex = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(TestRecords.Read(2) with { Justification = "policy ins-004211" }));
            Assert.Contains("PHI pattern 'insurance'", ex.Message, StringComparison.Ordinal);
            Assert.Equal(2, await host.Store.GetCountAsync());
        }
    }

    [Fact]
    public async Task Hostile_free_text_is_matched_in_linear_time_even_by_a_catastrophic_custom_pattern()
    {
        // (a+)+b takes exponential time on a run of a's with a backtracking engine; these texts would hang it.
        await using var host = new AuditHost(_dir, o =>
        {
            o.MaxJustificationLength = 16384;
            o.MaxExtraValueLength = 16384;
            o.PhiDetection.CustomPatterns["evil"] = "(a+)+b";
        });
        string[] hostile =
        [
            new string('a', 16384),
            string.Concat(Enumerable.Repeat("1-", 8192)),
            string.Concat(Enumerable.Repeat("1/", 8192)),
            "MRN " + new string('-', 16380),
            new string('1', 16384),
            string.Concat(Enumerable.Repeat("march ", 2730)),
        ];
        foreach (var text in hostile)
        {
            await host.Log.AppendAsync(TestRecords.Read(0) with { Justification = text, Extra = [AuditField.FreeText("note", text)] });
        }

        Assert.Equal(hostile.Length, await host.Store.GetCountAsync());
        var ex = await Assert.ThrowsAsync<AuditRecordRejectedException>(async () => await host.Log.AppendAsync(TestRecords.Read(0) with { Justification = new string('a', 16383) + "b" }));
        Assert.Equal(AuditErrorCodes.RecordFieldPhiDetected, ex.Code);
    }

    [Fact]
    public async Task Invalid_detector_options_fail_at_start_with_every_error_in_one_message()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddTelehealthAudit(o =>
        {
            o.PhiDetection.Policy = (PhiDetectionPolicy)7;
            o.PhiDetection.CustomPatterns["Bad Name"] = "x";
            o.PhiDetection.CustomPatterns["ssn"] = "x";
            o.PhiDetection.CustomPatterns["backreference"] = @"(a)\1";
            o.PhiDetection.CustomPatterns["lookahead"] = "a(?=b)";
            o.PhiDetection.CustomPatterns["unbalanced"] = "(a";
            o.PhiDetection.CustomPatterns["everything"] = "a*";
        }).UseFileStore(_dir.Path);
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AuditOptions>>().Value);

        const string name = "AuditOptions.PhiDetection.CustomPatterns: a pattern name must be 1-32 characters of a-z, 0-9, '_' or '-', start with a letter and not be 'ssn', 'mrn' or 'dob'.";
        Assert.Equal(
            [
                "AuditOptions.PhiDetection.Policy must be Reject or Redact.",
                name,
                name,
                "AuditOptions.PhiDetection.CustomPatterns['backreference'] is not a regular expression that can be matched without backtracking (no backreferences, lookarounds or atomic groups).",
                "AuditOptions.PhiDetection.CustomPatterns['lookahead'] is not a regular expression that can be matched without backtracking (no backreferences, lookarounds or atomic groups).",
                "AuditOptions.PhiDetection.CustomPatterns['unbalanced'] is not a regular expression that can be matched without backtracking (no backreferences, lookarounds or atomic groups).",
                "AuditOptions.PhiDetection.CustomPatterns['everything'] matches empty text, so it would match everything.",
            ],
            ex.Failures);
    }

    [Fact]
    public async Task Free_text_extra_values_are_kept_as_they_are_and_personal_ones_still_redacted()
    {
        await using var host = new AuditHost(_dir);
        var stored = await ReadAsync(host, await host.Log.AppendAsync(TestRecords.Read(0) with
        {
            Extra = [AuditField.FreeText("note", "follow-up requested"), AuditField.Personal("contact", "jane.roe@example.org")],
        }));
        Assert.Equal("follow-up requested", stored.Extra.Single(f => f.Name == "note").Value);
        Assert.Equal(string.Empty, stored.Extra.Single(f => f.Name == "contact").Value);
    }

    private static async Task<AuditRecord> ReadAsync(AuditHost host, AuditAppendResult result)
    {
        await foreach (var stored in host.Store.ReadAsync(result.Sequence))
        {
            return AuditEntry.Decode(stored.Data.Span).Record;
        }

        throw new InvalidOperationException("no entry");
    }
}
