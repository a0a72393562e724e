using System.Buffers;
using System.Globalization;
using System.Text;

namespace Telehealth.Audit;

/// <summary>
/// Formats an <see cref="AuditEntry"/> as one RFC 5424 syslog message in the IHE ATNA style, for
/// forwarding to a SIEM or an audit record repository:
/// <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID AUDIT [telehealth@32473 ...] BOM{FHIR AuditEvent JSON}</c>.
/// </summary>
/// <remarks>
/// <para>
/// PRI is facility 10 (authpriv) times 8 plus the severity: 6 (informational) for success, 4 (warning)
/// for denied and 3 (error) for failed, so 86, 84 or 83. TIMESTAMP is <see cref="AuditRecord.OccurredAt"/>
/// in UTC with milliseconds. MSGID is <c>AUDIT</c>.
/// </para>
/// <para>
/// The structured data element <c>telehealth@32473</c> carries <c>seq</c>, <c>action</c>, <c>actorId</c>,
/// <c>actorType</c>, <c>resourceType</c>, <c>resourceId</c>, <c>outcome</c>, <c>reason</c>, <c>purpose</c>,
/// <c>correlation</c> and <c>leafHash</c> (base64) in that order; a parameter without a value is left out.
/// Values are escaped as RFC 5424 section 6.3.3 requires (<c>"</c>, <c>\</c> and <c>]</c> get a backslash).
/// So that a value can never end the line, a line feed is written as the two characters <c>\n</c>, a
/// carriage return as <c>\r</c>, a tab as <c>\t</c>, and every other control character, U+2028 and U+2029
/// as <c>\uXXXX</c>. RFC 5424 parsers keep such a backslash literally, so this rendering is one-way: the
/// exact value is in the JSON of the MSG part and in the log itself. 32473 is the example enterprise
/// number of RFC 5612, as used by RFC 5424's own examples.
/// </para>
/// <para>
/// MSG is the JSON of <see cref="FhirAuditEventFormatter.ToJson(AuditEntry)"/> preceded by U+FEFF, which
/// encodes to the byte order mark EF BB BF that RFC 5424 section 6.4 requires before a UTF-8 MSG. Encode
/// the returned line as UTF-8 without adding another BOM, and send it over a transport that carries long
/// messages, such as RFC 5425 TLS with octet-counting framing; the message is not truncated.
/// The line holds no carriage return or line feed.
/// </para>
/// </remarks>
public static class SyslogFormatter
{
    /// <summary>The MSGID of every message.</summary>
    private const string MessageId = "AUDIT";
    private const string StructuredDataId = "telehealth@32473";
    private const int Facility = 10;
    private const int MaxHostName = 255;
    private const int MaxAppName = 48;
    private const int MaxProcessId = 128;
    private const int MaxMessageId = 32;
    private const int CachedBuilderLimit = 64 * 1024;
    private static readonly SyslogOptions DefaultOptions = new();

    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>Formats the entry as one syslog line, without a trailing line feed.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="options">The header fields; <see langword="null"/> for the defaults of <see cref="SyslogOptions"/>.</param>
    /// <returns>The syslog message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is <see langword="null"/>.</exception>
    public static string Format(AuditEntry entry, SyslogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        options ??= DefaultOptions;
        var record = entry.Record;
        var builder = t_builder;
        if (builder is null || builder.Capacity > CachedBuilderLimit)
        {
            builder = new StringBuilder(1024);
            t_builder = builder;
        }

        builder.Clear();
        Span<char> scratch = stackalloc char[64];

        builder.Append('<');
        builder.Append(FormatInt64(Facility * 8 + Severity(record.Outcome.Status), scratch));
        builder.Append(">1 ");
        record.OccurredAt.UtcDateTime.TryFormat(scratch, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        builder.Append(scratch[..written]);
        builder.Append(' ');
        AppendHeader(builder, options.HostName, MaxHostName);
        builder.Append(' ');
        AppendHeader(builder, options.AppName, MaxAppName);
        builder.Append(' ');
        AppendHeader(builder, options.ProcessId, MaxProcessId);
        builder.Append(' ');
        AppendHeader(builder, MessageId, MaxMessageId);
        builder.Append(' ');

        builder.Append('[').Append(StructuredDataId);
        AppendParam(builder, "seq", FormatInt64(entry.Sequence, scratch));
        AppendParam(builder, "action", record.Action);
        AppendParam(builder, "actorId", record.Actor.Id);
        AppendParam(builder, "actorType", FhirAuditEventFormatter.ActorTypeText(record.Actor.Type));
        AppendParam(builder, "resourceType", record.Resource.Type);
        AppendParam(builder, "resourceId", record.Resource.Id);
        AppendParam(builder, "outcome", OutcomeText(record.Outcome.Status));
        AppendParam(builder, "reason", record.Outcome.ReasonCode);
        AppendParam(builder, "purpose", record.PurposeOfUse);
        AppendParam(builder, "correlation", record.CorrelationId);
        Convert.TryToBase64Chars(entry.LeafHash.Span, scratch, out written);
        AppendParam(builder, "leafHash", scratch[..written]);
        builder.Append(']');

        builder.Append(' ').Append('\uFEFF');
        AppendUtf8(builder, FhirAuditEventFormatter.WriteToThreadBuffer(entry));
        return builder.ToString();
    }

    private static int Severity(AuditOutcomeStatus status) => status switch
    {
        AuditOutcomeStatus.Success => 6,
        AuditOutcomeStatus.Denied => 4,
        _ => 3,
    };

    private static string OutcomeText(AuditOutcomeStatus status) => status switch
    {
        AuditOutcomeStatus.Success => "success",
        AuditOutcomeStatus.Denied => "denied",
        _ => "failed",
    };

    private static ReadOnlySpan<char> FormatInt64(long value, Span<char> scratch)
    {
        value.TryFormat(scratch, out var written, default, CultureInfo.InvariantCulture);
        return scratch[..written];
    }

    /// <summary>Appends a header field as PRINTUSASCII (%d33-126), truncated to <paramref name="max"/>, or the nil value.</summary>
    private static void AppendHeader(StringBuilder builder, string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            builder.Append('-');
            return;
        }

        var length = Math.Min(value.Length, max);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            builder.Append(c is >= '!' and <= '~' ? c : '_');
        }
    }

    private static void AppendParam(StringBuilder builder, string name, ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return;
        }

        builder.Append(' ').Append(name).Append("=\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"' or '\\' or ']':
                    builder.Append('\\').Append(c);
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\u2028' or '\u2029':
                case var _ when char.IsControl(c):
                    builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }

    private static void AppendUtf8(StringBuilder builder, ReadOnlySpan<byte> utf8)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            var count = Encoding.UTF8.GetChars(utf8, chars);
            builder.Append(chars, 0, count);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
