using System.Text;
using System.Text.RegularExpressions;

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
    [InlineData("nul\u0000bell\u0007del\u007Fnel\u0085", "nul\\u0000bell\\u0007del\\u007Fnel\\u0085")]
    [InlineData("ls\u2028ps\u2029", "ls\\u2028ps\\u2029")]
    [InlineData("\"] [evil@1 x=\"y\"]\n<13>1 - forged", "\\\"\\] [evil@1 x=\\\"y\\\"\\]\\n<13>1 - forged")]
    [InlineData("unicodé ok", "unicodé ok")]
    public void HostileValuesAreEscapedAndCannotBreakTheLineOrTheElement(string value, string escaped)
    {
        var entry = ExportEntries.Entry(1, ExportEntries.FixedRecord with
        {
            Actor = new AuditActor(value, AuditActorType.User),
            Resource = new AuditResource(value, value),
            CorrelationId = value,
            Outcome = AuditOutcome.Failed(value),
        });

        var line = SyslogFormatter.Format(entry, Fixed);

        AssertSingleSafeLine(line);
        Assert.Contains($" actorId=\"{escaped}\" ", line, StringComparison.Ordinal);
        var parsed = Parse(line);
        Assert.Equal("telehealth@32473", parsed.StructuredDataId);
        Assert.Equal(11, parsed.Params.Count);
        foreach (var name in new[] { "actorId", "resourceType", "resourceId", "reason", "correlation" })
        {
            Assert.Equal(Rfc5424Unescaped(escaped), parsed.Params[name]);
        }

        Assert.Equal(FhirAuditEventFormatter.ToJson(entry), parsed.Message);
    }

    [Fact]
    public void NoRawLineBreakOrControlCharacterAnywhere()
    {
        const string hostile = "a\r\nb\n\u2028c\u0000";
        var entry = ExportEntries.Entry(1, ExportEntries.FixedRecord with
        {
            Actor = new AuditActor(hostile, AuditActorType.User, hostile),
            Resource = new AuditResource(hostile, hostile),
            CorrelationId = hostile,
            Outcome = AuditOutcome.Failed(hostile),
            Source = new AuditSource(hostile),
            Extra = [AuditField.Operational("x", hostile)],
        });

        AssertSingleSafeLine(SyslogFormatter.Format(entry, new SyslogOptions { HostName = hostile, AppName = hostile, ProcessId = hostile }));
    }

    [Fact]
    public void HeaderFieldsAreTruncatedToTheRfcLimits()
    {
        var options = new SyslogOptions { HostName = new string('h', 300), AppName = new string('a', 60), ProcessId = new string('p', 200) };
        var line = Parse(SyslogFormatter.Format(ExportEntries.Minimal(), options));
        Assert.Equal(new string('h', 255), line.HostName);
        Assert.Equal(new string('a', 48), line.AppName);
        Assert.Equal(new string('p', 128), line.ProcessId);
        Assert.Equal("AUDIT", line.MessageId);
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

    [Fact]
    public void HeaderFieldsAreMadePrintableUsAscii()
    {
        var options = new SyslogOptions { HostName = "host name\n", AppName = "appé\u0001", ProcessId = "1 2" };
        var line = Parse(SyslogFormatter.Format(ExportEntries.Minimal(), options));
        Assert.Equal("host_name_", line.HostName);
        Assert.Equal("app__", line.AppName);
        Assert.Equal("1_2", line.ProcessId);
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
    public void DefaultOptions()
    {
        var defaults = new SyslogOptions();
        Assert.Equal(Environment.MachineName, defaults.HostName);
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
