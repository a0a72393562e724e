using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Telehealth.Audit.Tests.Export;

public sealed partial class SyslogFormatterTests
{
    private static readonly SyslogOptions Fixed = new() { HostName = "clinic-node-1.example.org", AppName = "telehealth-audit", ProcessId = "4242" };

    [Fact]
    public void Golden_FixedEntry()
    {
        var entry = ExportEntries.Fixed();
        const string leafHash = "aOPFcq1VBG479yo/GqdQsfvahVY5xdiiXTqbWMoL2wg=";
        var expected =
            "<86>1 2026-03-04T05:06:07.089Z clinic-node-1.example.org telehealth-audit 4242 AUDIT " +
            "[telehealth@32473 seq=\"42\" action=\"phi.read\" actorId=\"u-42\" actorType=\"user\" resourceType=\"patient-record\" " +
            "resourceId=\"r-1001\" outcome=\"success\" purpose=\"TREAT\" correlation=\"4bf92f3577b34da6a3ce929d0e0e4736\" " +
            "leafHash=\"" + leafHash + "\"] \uFEFF" + FhirAuditEventFormatter.ToJson(entry);

        Assert.Equal(expected, SyslogFormatter.Format(entry, Fixed));
    }

    [Theory]
    [InlineData(AuditOutcomeStatus.Success, 86, "success")]
    [InlineData(AuditOutcomeStatus.Denied, 84, "denied")]
    [InlineData(AuditOutcomeStatus.Failed, 83, "failed")]
    public void PriIsAuthprivWithSeverityByOutcome(AuditOutcomeStatus status, int pri, string outcome)
    {
        var line = SyslogFormatter.Format(ExportEntries.Minimal(new AuditOutcome(status, status == AuditOutcomeStatus.Success ? null : "x.y")), Fixed);
        Assert.StartsWith($"<{pri}>1 ", line, StringComparison.Ordinal);
        Assert.Equal(10, pri / 8);
        Assert.Equal(outcome, Parse(line).Params["outcome"]);
    }

    [Fact]
    public void HeaderFieldsAreInOrderAndMsgIdIsAudit()
    {
        var line = Parse(SyslogFormatter.Format(ExportEntries.Fixed(), Fixed));
        Assert.Equal("2026-03-04T05:06:07.089Z", line.Timestamp);
        Assert.Equal("clinic-node-1.example.org", line.HostName);
        Assert.Equal("telehealth-audit", line.AppName);
        Assert.Equal("4242", line.ProcessId);
        Assert.Equal("AUDIT", line.MessageId);
        Assert.Equal("telehealth@32473", line.StructuredDataId);
    }

    [Fact]
    public void TimestampIsUtcWithMilliseconds()
    {
        var entry = ExportEntries.Entry(1, ExportEntries.FixedRecord with { OccurredAt = new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero) });
        Assert.Equal("2026-12-31T23:59:59.000Z", Parse(SyslogFormatter.Format(entry, Fixed)).Timestamp);
    }

    [Fact]
    public void StructuredDataCarriesTheRecord()
    {
        var entry = ExportEntries.Entry(5, ExportEntries.FixedRecord with { Outcome = AuditOutcome.Denied("policy.no_consent") });
        var sd = Parse(SyslogFormatter.Format(entry, Fixed)).Params;
        Assert.Equal("5", sd["seq"]);
        Assert.Equal("phi.read", sd["action"]);
        Assert.Equal("u-42", sd["actorId"]);
        Assert.Equal("user", sd["actorType"]);
        Assert.Equal("patient-record", sd["resourceType"]);
        Assert.Equal("r-1001", sd["resourceId"]);
        Assert.Equal("denied", sd["outcome"]);
        Assert.Equal("policy.no_consent", sd["reason"]);
        Assert.Equal("TREAT", sd["purpose"]);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", sd["correlation"]);
        Assert.Equal(entry.LeafHash.ToArray(), Convert.FromBase64String(sd["leafHash"]));
    }

    [Fact]
    public void AbsentParametersAreLeftOut()
    {
        var sd = Parse(SyslogFormatter.Format(ExportEntries.Minimal(), Fixed)).Params;
        Assert.Equal(["seq", "action", "actorId", "actorType", "resourceType", "outcome", "leafHash"], sd.Keys);
    }

    [Fact]
    public void ParamNamesFollowRfc5424()
    {
        var line = SyslogFormatter.Format(ExportEntries.Entry(1, ExportEntries.FixedRecord with { Outcome = AuditOutcome.Failed("x") }), Fixed);
        var names = Parse(line).Params.Keys.ToArray();
        Assert.Equal(11, names.Length);
        Assert.All(names, name => Assert.Matches(SdName(), name));
    }

    [Theory]
    [InlineData("quote\"d", "quote\\\"d")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("close]bracket", "close\\]bracket")]
    [InlineData("line\nfeed", "line\\nfeed")]
    [InlineData("carriage\rreturn", "carriage\\rreturn")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("\"] [evil@1 x=\"y\"]\n<13>1 - forged", "\\\"\\] [evil@1 x=\\\"y\\\"\\]\\n<13>1 - forged")]
    [InlineData("unicod\u00e9 ok", "unicod\u00e9 ok")]
    public void HostileValuesAreEscapedAndCannotBreakTheLineOrTheElement(string value, string escaped)
    {
        var token = string.Join(' ', value.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        var entry = ExportEntries.Entry(1, ExportEntries.FixedRecord with
        {
            Actor = new AuditActor(token, AuditActorType.User),
            CorrelationId = token,
            Outcome = AuditOutcome.Failed(value),
        });

        var line = SyslogFormatter.Format(entry, Fixed);

        AssertSingleSafeLine(line);
        Assert.Contains($" reason=\"{escaped}\" ", line, StringComparison.Ordinal);
        var parsed = Parse(line);
        Assert.Equal("telehealth@32473", parsed.StructuredDataId);
        Assert.Equal(11, parsed.Params.Count);
        Assert.Equal(Rfc5424Unescaped(escaped), parsed.Params["reason"]);
        Assert.Equal(token, parsed.Params["actorId"]);
        Assert.Equal(token, parsed.Params["correlation"]);
        Assert.Equal(FhirAuditEventFormatter.ToJson(entry), parsed.Message);
    }

    [Fact]
    public void NoRawLineBreakOrControlCharacterAnywhere()
    {
        const string hostile = "a\r\nb\n\tc";
        var entry = ExportEntries.Entry(1, ExportEntries.FixedRecord with
        {
            Outcome = AuditOutcome.Failed(hostile),
            Extra = [AuditField.Operational("x", hostile)],
        });

        AssertSingleSafeLine(SyslogFormatter.Format(entry, Fixed));
        AssertSingleSafeLine(SyslogFormatter.Format(entry, new SyslogOptions { HostName = Fixed.HostName, Compact = true }));
    }

    [Fact]
    public void HeaderFieldsAtTheLimitAreKept()
    {
        var options = new SyslogOptions { HostName = new string('h', 255), AppName = new string('a', 48), ProcessId = new string('p', 128) };
        var line = Parse(SyslogFormatter.Format(ExportEntries.Minimal(), options));
        Assert.Equal(options.HostName, line.HostName);
        Assert.Equal(options.AppName, line.AppName);
        Assert.Equal(options.ProcessId, line.ProcessId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingHeaderFieldsAreTheNilValue(string? value)
    {
        var options = new SyslogOptions { HostName = value, AppName = value, ProcessId = value };
        var line = Parse(SyslogFormatter.Format(ExportEntries.Minimal(), options));
        Assert.Equal("-", line.HostName);
        Assert.Equal("-", line.AppName);
        Assert.Equal("-", line.ProcessId);
    }

    [Fact]
    public void Header_fields_that_receivers_would_drop_or_misread_are_refused_with_every_error()
    {
        var options = new SyslogOptions
        {
            HostName = "node[1].example.org",
            AppName = new string('a', 49),
            ProcessId = "1 2",
            EnterpriseNumber = 0,
            MaxMessageBytes = 480,
        };

        var ex = Assert.Throws<ArgumentException>("options", () => SyslogFormatter.Format(ExportEntries.Minimal(), options));

        Assert.StartsWith(
            "SyslogOptions.HostName must be at most 255 printable US-ASCII characters other than [ ] \" \\ =. " +
            "SyslogOptions.AppName must be at most 48 printable US-ASCII characters other than [ ] \" \\ =. " +
            "SyslogOptions.ProcessId must be at most 128 printable US-ASCII characters other than [ ] \" \\ =. " +
            "SyslogOptions.EnterpriseNumber must be a positive IANA private enterprise number. " +
            "SyslogOptions.MaxMessageBytes must be 0 (no limit) or at least 2048.",
            ex.Message,
            StringComparison.Ordinal);
        foreach (var bad in new[] { "a]b", "a\"b", "a\\b", "a=b", "h\u00e9", "h\nx", new string('h', 256) })
        {
            Assert.Throws<ArgumentException>("options", () => SyslogFormatter.Format(ExportEntries.Minimal(), new SyslogOptions { HostName = bad }));
        }
    }

    [Fact]
    public void The_enterprise_number_is_an_option_and_the_documentation_number_is_refused_outside_development()
    {
        var line = Parse(SyslogFormatter.Format(ExportEntries.Minimal(), new SyslogOptions { HostName = "h", EnterpriseNumber = 55555 }));
        Assert.Equal("telehealth@55555", line.StructuredDataId);

        var defaults = new SyslogOptions();
        Assert.Equal(SyslogOptions.DocumentationEnterpriseNumber, defaults.EnterpriseNumber);
        Assert.True(new SyslogOptionsValidator(new TestEnvironment("Development")).Validate(null, defaults).Succeeded);
        var production = new SyslogOptionsValidator(new TestEnvironment("Production")).Validate(null, defaults);
        Assert.Equal(["SyslogOptions.EnterpriseNumber is the documentation number 32473, which is only for development; set your organization's IANA private enterprise number."], production.Failures);
        Assert.False(new SyslogOptionsValidator().Validate(null, defaults).Succeeded);
        Assert.True(new SyslogOptionsValidator(new TestEnvironment("Production")).Validate(null, new SyslogOptions { EnterpriseNumber = 55555 }).Succeeded);
        Assert.Equal(5, new SyslogOptionsValidator(new TestEnvironment("Development")).Validate(null, new SyslogOptions { HostName = "[", AppName = "[", ProcessId = "[", EnterpriseNumber = -1, MaxMessageBytes = 1 }).Failures!.Count());
    }

    [Fact]
    public void The_validator_runs_at_start_in_a_real_container()
    {
        var services = new ServiceCollection()
            .AddSingleton<IHostEnvironment>(new TestEnvironment("Production"))
            .AddSingleton<IValidateOptions<SyslogOptions>, SyslogOptionsValidator>();
        services.AddOptionsWithValidateOnStart<SyslogOptions>();
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SyslogOptions>>().Value);
        Assert.Contains("32473", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9999-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    [InlineData("1969-12-31T23:59:59.999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void A_timestamp_receivers_cannot_keep_is_refused(string at)
    {
        var entry = ExportEntries.Entry(4, ExportEntries.FixedRecord with { OccurredAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) });
        var ex = Assert.Throws<AuditFormatException>(() => SyslogFormatter.Format(entry, Fixed));
        Assert.Equal(AuditErrorCodes.UnexportableEntry, ex.Code);
        Assert.Equal(4, ex.Position);
    }

    [Theory]
    [InlineData("1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z")]
    [InlineData("9998-12-31T23:59:59.999Z", "9998-12-31T23:59:59.999Z")]
    public void The_edges_of_the_timestamp_range_are_kept(string at, string written)
    {
        var entry = ExportEntries.Entry(4, ExportEntries.FixedRecord with { OccurredAt = DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) });
        Assert.Equal(written, Parse(SyslogFormatter.Format(entry, Fixed)).Timestamp);
    }

    [Fact]
    public void Compact_form_keeps_non_ASCII_as_UTF8_and_is_the_same_document()
    {
        var entry = ExportEntries.Entry(1, ExportEntries.FixedRecord with { Extra = [AuditField.Operational("note", new string('\u00e9', 100) + "\u4e2d\U0001F600")] });
        var full = SyslogFormatter.Format(entry, Fixed);
        var compact = SyslogFormatter.Format(entry, new SyslogOptions { HostName = Fixed.HostName, AppName = Fixed.AppName, ProcessId = Fixed.ProcessId, Compact = true });

        Assert.Contains("\\u00E9", full, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00E9", compact, StringComparison.Ordinal);
        Assert.Contains(new string('\u00e9', 100) + "\u4e2d", compact, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(compact) < Encoding.UTF8.GetByteCount(full));
        using var a = JsonDocument.Parse(Parse(full).Message);
        using var b = JsonDocument.Parse(Parse(compact).Message);
        Assert.True(JsonElement.DeepEquals(a.RootElement, b.RootElement));
    }

    [Fact]
    public void A_size_cap_drops_the_message_part_with_an_explicit_marker()
    {
        var entry = ExportEntries.Entry(1, ExportEntries.FixedRecord with { Extra = [AuditField.Operational("note", new string('x', 9000))] });
        var full = SyslogFormatter.Format(entry, Fixed);
        var capped = SyslogFormatter.Format(entry, new SyslogOptions { HostName = Fixed.HostName, AppName = Fixed.AppName, ProcessId = Fixed.ProcessId, MaxMessageBytes = 8192 });

        Assert.True(Encoding.UTF8.GetByteCount(full) > 8192);
        Assert.True(Encoding.UTF8.GetByteCount(capped) <= 8192);
        var parsed = ParseWithoutMessage(capped);
        Assert.Equal(Encoding.UTF8.GetByteCount(full).ToString(CultureInfo.InvariantCulture), parsed["truncated"]);
        Assert.Equal("phi.read", parsed["action"]);
        Assert.Equal(Convert.ToBase64String(entry.LeafHash.Span), parsed["leafHash"]);

        // Under the cap nothing changes.
        Assert.Equal(SyslogFormatter.Format(ExportEntries.Fixed(), Fixed), SyslogFormatter.Format(ExportEntries.Fixed(), new SyslogOptions { HostName = Fixed.HostName, AppName = Fixed.AppName, ProcessId = Fixed.ProcessId, MaxMessageBytes = 8192 }));
    }

    [Fact]
    public void A_size_cap_below_the_structured_data_cuts_long_values_too()
    {
        var longId = string.Concat(Enumerable.Repeat("\U0001F600", 2000));
        var entry = ExportEntries.Entry(1, ExportEntries.FixedRecord with { Actor = new AuditActor(longId, AuditActorType.User), Resource = new AuditResource("patient-record", longId) });
        var capped = SyslogFormatter.Format(entry, new SyslogOptions { HostName = new string('h', 255), MaxMessageBytes = 2048 });

        Assert.True(Encoding.UTF8.GetByteCount(capped) <= 2048);
        var parsed = ParseWithoutMessage(capped);
        Assert.Equal(longId[..32], parsed["actorId"]);
        Assert.True(parsed.ContainsKey("truncated"));
    }

    [Fact]
    public void DefaultOptions()
    {
        var defaults = new SyslogOptions();
        Assert.Equal(new string(Environment.MachineName.Take(255).Select(c => SyslogFormatter.IsHeaderCharacter(c) ? c : '-').ToArray()), defaults.HostName);
        Assert.False(defaults.Compact);
        Assert.Equal(0, defaults.MaxMessageBytes);
        Assert.Equal("telehealth-audit", defaults.AppName);
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), defaults.ProcessId);

        var line = Parse(SyslogFormatter.Format(ExportEntries.Minimal()));
        Assert.Equal("telehealth-audit", line.AppName);
        Assert.Equal(defaults.ProcessId, line.ProcessId);
    }

    [Fact]
    public void MsgIsTheFhirJsonAfterAUtf8ByteOrderMark()
    {
        var entry = ExportEntries.Fixed();
        var bytes = Encoding.UTF8.GetBytes(SyslogFormatter.Format(entry, Fixed));
        var json = Encoding.UTF8.GetBytes(FhirAuditEventFormatter.ToJson(entry));

        Assert.True(bytes.AsSpan().EndsWith(json));
        var beforeJson = bytes.AsSpan(0, bytes.Length - json.Length);
        Assert.True(beforeJson.EndsWith((byte[])[(byte)']', (byte)' ', 0xEF, 0xBB, 0xBF]));
        Assert.Equal(1, CountOf(bytes, [0xEF, 0xBB, 0xBF]));
    }

    [Fact]
    public void NullEntryIsRejected() =>
        Assert.Throws<ArgumentNullException>("entry", () => SyslogFormatter.Format(null!));

    private static void AssertSingleSafeLine(string line)
    {
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\u2028', line);
        Assert.DoesNotContain('\u2029', line);
        Assert.DoesNotContain('\u0085', line);
        Assert.All(line, c => Assert.False(char.IsControl(c), $"control character U+{(int)c:X4} in the line"));
    }

    private static int CountOf(byte[] haystack, byte[] needle)
    {
        var count = 0;
        var span = haystack.AsSpan();
        int index;
        while ((index = span.IndexOf(needle)) >= 0)
        {
            count++;
            span = span[(index + needle.Length)..];
        }

        return count;
    }

    private static Dictionary<string, string> ParseWithoutMessage(string line)
    {
        Assert.EndsWith("]", line, StringComparison.Ordinal);
        var start = line.IndexOf('[', StringComparison.Ordinal);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in SdParam().Matches(line[start..]))
        {
            result[m.Groups[1].Value] = m.Groups[2].Value;
        }

        return result;
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = "/";

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    /// <summary>What an RFC 5424 parser yields: only \", \\ and \] are escapes; any other backslash is literal.</summary>
    private static string Rfc5424Unescaped(string escaped)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 1 < escaped.Length && escaped[i + 1] is '"' or '\\' or ']')
            {
                i++;
            }

            builder.Append(escaped[i]);
        }

        return builder.ToString();
    }

    /// <summary>A strict RFC 5424 parser for lines with one SD-ELEMENT, the shape SyslogFormatter writes.</summary>
    private static SyslogLine Parse(string line)
    {
        var position = 0;
        string Token()
        {
            var end = line.IndexOf(' ', position);
            Assert.True(end > position, "missing header field");
            var token = line[position..end];
            position = end + 1;
            return token;
        }

        var priAndVersion = Token();
        Assert.Matches(PriVersion(), priAndVersion);
        var timestamp = Token();
        var host = Token();
        var app = Token();
        var proc = Token();
        var msgId = Token();
        foreach (var field in new[] { host, app, proc, msgId })
        {
            Assert.Matches(PrintUsAscii(), field);
        }

        Assert.Equal('[', line[position++]);
        var idEnd = line.IndexOfAny([' ', ']'], position);
        var sdId = line[position..idEnd];
        position = idEnd;
        var parameters = new List<KeyValuePair<string, string>>();
        while (line[position] == ' ')
        {
            position++;
            var eq = line.IndexOf('=', position);
            var name = line[position..eq];
            Assert.Matches(SdName(), name);
            position = eq + 1;
            Assert.Equal('"', line[position++]);
            var value = new StringBuilder();
            while (line[position] != '"')
            {
                if (line[position] == '\\' && line[position + 1] is '"' or '\\' or ']')
                {
                    position++;
                }

                value.Append(line[position++]);
            }

            position++;
            parameters.Add(new(name, value.ToString()));
        }

        Assert.Equal(']', line[position++]);
        Assert.Equal(' ', line[position++]);
        Assert.Equal('\uFEFF', line[position++]);
        var dictionary = new Dictionary<string, string>(StringComparer.Ordinal);
        var ordered = new List<string>();
        foreach (var (name, value) in parameters)
        {
            dictionary.Add(name, value);
            ordered.Add(name);
        }

        return new SyslogLine(timestamp, host, app, proc, msgId, sdId, new OrderedParams(ordered, dictionary), line[position..]);
    }

    [GeneratedRegex(@" ([a-zA-Z]+)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex SdParam();

    [GeneratedRegex(@"^<\d{1,3}>1$")]
    private static partial Regex PriVersion();

    [GeneratedRegex(@"^[\x21-\x7E]+$")]
    private static partial Regex PrintUsAscii();

    [GeneratedRegex(@"^[\x21-\x7E-[= \]""]]{1,32}$")]
    private static partial Regex SdName();

    private sealed record SyslogLine(string Timestamp, string HostName, string AppName, string ProcessId, string MessageId, string StructuredDataId, OrderedParams Params, string Message);

    private sealed class OrderedParams(List<string> keys, Dictionary<string, string> values)
    {
        public IReadOnlyList<string> Keys => keys;

        public int Count => keys.Count;

        public string this[string name] => values[name];
    }
}
