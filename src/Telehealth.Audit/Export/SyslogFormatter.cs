using System.Buffers;
using System.Globalization;
using System.Text;

namespace Telehealth.Audit;

/// <summary>
/// Formats an <see cref="AuditEntry"/> as one RFC 5424 syslog message in the IHE ATNA style, for
/// forwarding to a SIEM or an audit record repository:
/// <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID AUDIT [telehealth@PEN ...] BOM{FHIR AuditEvent JSON}</c>.
/// </summary>
/// <remarks>
/// <para>
/// PRI is facility 10 (authpriv) times 8 plus the severity: 6 (informational) for success, 4 (warning)
/// for denied and 3 (error) for failed, so 86, 84 or 83. TIMESTAMP is <see cref="AuditRecord.OccurredAt"/>
/// in UTC with milliseconds; it must lie between 1970-01-01 (receivers keep Unix time) and the end of
/// 9998 (a receiver that converts a year-9999 time to its own zone leaves four-digit years), otherwise
/// <see cref="AuditErrorCodes.UnexportableEntry"/> is raised. MSGID is <c>AUDIT</c>. HOSTNAME, APP-NAME and
/// PROCID come from <see cref="SyslogOptions"/>, which must hold printable US-ASCII without <c>[ ] " \ =</c>.
/// </para>
/// <para>
/// The structured data element <c>telehealth@PEN</c> (PEN = <see cref="SyslogOptions.EnterpriseNumber"/>)
/// carries <c>seq</c>, <c>action</c>, <c>actorId</c>, <c>actorType</c>, <c>resourceType</c>, <c>resourceId</c>,
/// <c>outcome</c>, <c>reason</c>, <c>purpose</c>, <c>correlation</c> and <c>leafHash</c> (base64) in that order,
/// then <c>truncated</c> when the size limit cut the message; a parameter without a value is left out.
/// Values are escaped as RFC 5424 section 6.3.3 requires (<c>"</c>, <c>\</c> and <c>]</c> get a backslash).
/// So that a value can never end the line, a line feed is written as the two characters <c>\n</c>, a
/// carriage return as <c>\r</c>, a tab as <c>\t</c>, and every other control character, U+2028 and U+2029
/// as <c>\uXXXX</c>. RFC 5424 parsers keep such a backslash literally, so this rendering is one-way: the
/// exact value is in the JSON of the MSG part and in the log itself.
/// </para>
/// <para>
/// MSG is the JSON of <see cref="FhirAuditEventFormatter.ToJson(AuditEntry)"/> preceded by U+FEFF, which
/// encodes to the byte order mark EF BB BF that RFC 5424 section 6.4 requires before a UTF-8 MSG; with
/// <see cref="SyslogOptions.Compact"/> non-ASCII characters stay unescaped. Encode the returned line as
/// UTF-8 without adding another BOM. Without <see cref="SyslogOptions.MaxMessageBytes"/> nothing is cut, so
/// send over a transport that carries long messages, such as RFC 5425 TLS with octet-counting framing;
/// common receivers cut messages at 8 KiB by default. The line holds no carriage return or line feed.
/// </para>
/// </remarks>
public static class SyslogFormatter
{
    internal const int MaxHostName = 255;
    private const string MessageId = "AUDIT";
    private const int Facility = 10;
    private const int MaxAppName = 48;
    private const int MaxProcessId = 128;
    private const int MinMessageBytes = 2048;
    private const int TruncatedValueLength = 32;
    private const int CachedBuilderLimit = 64 * 1024;
    private static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;
    private static readonly DateTimeOffset Latest = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly SyslogOptions DefaultOptions = new();

    [ThreadStatic]
    private static StringBuilder? t_builder;

    /// <summary>Formats the entry as one syslog line, without a trailing line feed.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="options">The header fields, enterprise number and size; <see langword="null"/> for the defaults of <see cref="SyslogOptions"/>.</param>
    /// <returns>The syslog message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> are invalid; the message lists every error.</exception>
    /// <exception cref="AuditFormatException">The entry cannot be exported (<see cref="AuditErrorCodes.UnexportableEntry"/>).</exception>
    public static string Format(AuditEntry entry, SyslogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        options ??= DefaultOptions;
        if (Check(options) is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var at = entry.Record.OccurredAt;
        if (at < Earliest || at >= Latest)
        {
            throw Errors.Unexportable(entry.Sequence, "RFC 5424 syslog", "its timestamp is outside 1970-01-01 to 9998-12-31.");
        }

        var line = Build(entry, options, withMessage: true, maxValueLength: int.MaxValue, truncatedFrom: 0);
        if (options.MaxMessageBytes == 0 || Encoding.UTF8.GetByteCount(line) <= options.MaxMessageBytes)
        {
            return line;
        }

        var fullSize = Encoding.UTF8.GetByteCount(line);
        line = Build(entry, options, withMessage: false, maxValueLength: int.MaxValue, truncatedFrom: fullSize);
        return Encoding.UTF8.GetByteCount(line) <= options.MaxMessageBytes
            ? line
            : Build(entry, options, withMessage: false, maxValueLength: TruncatedValueLength, truncatedFrom: fullSize);
    }

    /// <summary>Checks the options that do not depend on the environment; returns every error.</summary>
    internal static List<string> Check(SyslogOptions options)
    {
        var errors = new List<string>();
        CheckHeader(errors, nameof(SyslogOptions.HostName), options.HostName, MaxHostName);
        CheckHeader(errors, nameof(SyslogOptions.AppName), options.AppName, MaxAppName);
        CheckHeader(errors, nameof(SyslogOptions.ProcessId), options.ProcessId, MaxProcessId);
        if (options.EnterpriseNumber <= 0)
        {
            errors.Add("SyslogOptions.EnterpriseNumber must be a positive IANA private enterprise number.");
        }

        if (options.MaxMessageBytes != 0 && options.MaxMessageBytes < MinMessageBytes)
        {
            errors.Add($"SyslogOptions.MaxMessageBytes must be 0 (no limit) or at least {MinMessageBytes}.");
        }

        return errors;
    }

    /// <summary>A character a header field may hold: PRINTUSASCII without those that receivers treat as structure.</summary>
    internal static bool IsHeaderCharacter(char c) => c is >= '!' and <= '~' and not ('[' or ']' or '"' or '\\' or '=');

    private static void CheckHeader(List<string> errors, string name, string? value, int max)
    {
        if (!string.IsNullOrEmpty(value) && (value.Length > max || !value.All(IsHeaderCharacter)))
        {
            errors.Add($"SyslogOptions.{name} must be at most {max} printable US-ASCII characters other than [ ] \" \\ =.");
        }
    }

    private static string Build(AuditEntry entry, SyslogOptions options, bool withMessage, int maxValueLength, int truncatedFrom)
    {
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
        builder.Append(' ').Append(Nil(options.HostName));
        builder.Append(' ').Append(Nil(options.AppName));
        builder.Append(' ').Append(Nil(options.ProcessId));
        builder.Append(' ').Append(MessageId).Append(' ');

        builder.Append("[telehealth@").Append(FormatInt64(options.EnterpriseNumber, scratch));
        AppendParam(builder, "seq", FormatInt64(entry.Sequence, scratch), maxValueLength);
        AppendParam(builder, "action", record.Action, maxValueLength);
        AppendParam(builder, "actorId", record.Actor.Id, maxValueLength);
        AppendParam(builder, "actorType", FhirAuditEventFormatter.ActorTypeText(record.Actor.Type), maxValueLength);
        AppendParam(builder, "resourceType", record.Resource.Type, maxValueLength);
        AppendParam(builder, "resourceId", record.Resource.Id, maxValueLength);
        AppendParam(builder, "outcome", OutcomeText(record.Outcome.Status), maxValueLength);
        AppendParam(builder, "reason", record.Outcome.ReasonCode, maxValueLength);
        AppendParam(builder, "purpose", record.PurposeOfUse, maxValueLength);
        AppendParam(builder, "correlation", record.CorrelationId, maxValueLength);
        Convert.TryToBase64Chars(entry.LeafHash.Span, scratch, out written);
        AppendParam(builder, "leafHash", scratch[..written], int.MaxValue);
        if (truncatedFrom > 0)
        {
            AppendParam(builder, "truncated", FormatInt64(truncatedFrom, scratch), int.MaxValue);
        }

        builder.Append(']');
        if (withMessage)
        {
            builder.Append(' ').Append('\uFEFF');
            AppendUtf8(builder, FhirAuditEventFormatter.WriteToThreadBuffer(entry, options.Compact));
        }

        return builder.ToString();
    }

    private static string Nil(string? value) => string.IsNullOrEmpty(value) ? "-" : value;

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

    private static void AppendParam(StringBuilder builder, string name, ReadOnlySpan<char> value, int maxLength)
    {
        if (value.IsEmpty)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            // Never split a surrogate pair.
            var cut = char.IsHighSurrogate(value[maxLength - 1]) ? maxLength - 1 : maxLength;
            value = value[..cut];
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
