using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Telehealth.Audit;

/// <summary>
/// Writes an <see cref="AuditEntry"/> as a FHIR R4 <c>AuditEvent</c> resource, for hand-off to a FHIR
/// server, an IHE ATNA audit repository or a SIEM.
/// </summary>
/// <remarks>
/// <para><c>AuditEvent.type</c> is chosen from the action name:</para>
/// <list type="table">
///   <listheader><term>Action</term><description>type (system | code | display)</description></listheader>
///   <item><term><c>phi.export</c></term><description><c>http://dicom.nema.org/resources/ontology/DCM</c> | <c>110106</c> | Export</description></item>
///   <item><term>any other <c>phi.*</c></term><description><c>http://terminology.hl7.org/CodeSystem/audit-event-type</c> | <c>rest</c> | RESTful Operation</description></item>
///   <item><term><c>auth.*</c></term><description><c>http://dicom.nema.org/resources/ontology/DCM</c> | <c>110114</c> | User Authentication</description></item>
///   <item><term>anything else</term><description><c>http://dicom.nema.org/resources/ontology/DCM</c> | <c>110113</c> | Security Alert</description></item>
/// </list>
/// <para>The other elements are mapped as follows.</para>
/// <list type="table">
///   <listheader><term>Element</term><description>Value</description></listheader>
///   <item><term><c>id</c></term><description>The entry's sequence number.</description></item>
///   <item><term><c>subtype[0]</c></term><description>System <c>urn:telehealth:audit:action</c>, code = the action name.</description></item>
///   <item><term><c>action</c></term><description>From the last segment of the action name: <c>read</c> R, <c>create</c> C, <c>update</c> U, <c>delete</c> D, anything else E.</description></item>
///   <item><term><c>recorded</c></term><description><see cref="AuditRecord.OccurredAt"/> in UTC with milliseconds.</description></item>
///   <item><term><c>outcome</c></term><description>Success <c>0</c>, denied <c>4</c> (minor failure), failed <c>8</c> (serious failure).</description></item>
///   <item><term><c>outcomeDesc</c></term><description>The outcome reason code, when there is one.</description></item>
///   <item><term><c>purposeOfEvent[0]</c></term><description>The PurposeOfUse code in system <c>http://terminology.hl7.org/CodeSystem/v3-ActReason</c>.</description></item>
///   <item><term><c>agent[0].type</c></term><description>User: <c>http://terminology.hl7.org/CodeSystem/extra-security-role-type</c> | <c>humanuser</c>; service and system: DCM <c>110150</c> Application. The text is <c>user</c>, <c>service</c> or <c>system</c>.</description></item>
///   <item><term><c>agent[0]</c></term><description><c>who.identifier.value</c> = actor id, <c>role[0].text</c> = actor role, <c>requestor</c> = true, <c>policy[0]</c> = correlation id, <c>network</c> = source address with type <c>2</c> (IP address).</description></item>
///   <item><term><c>source.observer.display</c></term><description><c>Telehealth.Audit</c>.</description></item>
///   <item><term><c>entity[0]</c></term><description><c>what.identifier.value</c> = resource id; <c>type</c> = system <c>urn:telehealth:resource-type</c>, code = resource type.</description></item>
///   <item><term><c>entity[0].detail</c></term><description>One <c>valueString</c> detail per extra field (type = field name, in stored order; fields with an empty value are left out because FHIR forbids empty strings), then <c>leafHash</c> (<c>valueBase64Binary</c>) and <c>sequence</c> (<c>valueString</c>).</description></item>
/// </list>
/// <para>
/// Elements without a value are omitted. The device and session ids and the justification are not
/// exported. The record was redacted before it was stored, so the output carries what the log holds
/// and nothing more.
/// </para>
/// </remarks>
public static class FhirAuditEventFormatter
{
    private const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";
    private const string ObserverDisplay = "Telehealth.Audit";
    private const int CachedBufferLimit = 64 * 1024;
    private static readonly Coding Rest = new("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation");
    private static readonly Coding Export = new(Dicom, "110106", "Export");
    private static readonly Coding UserAuthentication = new(Dicom, "110114", "User Authentication");
    private static readonly Coding SecurityAlert = new(Dicom, "110113", "Security Alert");
    private static readonly Coding HumanUser = new("http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user");
    private static readonly Coding Application = new(Dicom, "110150", "Application");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Writes the entry as one FHIR R4 <c>AuditEvent</c> JSON object.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="writer">The writer; it is not flushed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> or <paramref name="writer"/> is <see langword="null"/>.</exception>
    public static void Write(AuditEntry entry, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(writer);
        var record = entry.Record;
        Span<byte> scratch = stackalloc byte[32];

        writer.WriteStartObject();
        writer.WriteString("resourceType"u8, "AuditEvent"u8);
        writer.WriteString("id"u8, FormatSequence(entry.Sequence, scratch));

        writer.WritePropertyName("type"u8);
        WriteCoding(writer, EventType(record.Action));

        writer.WriteStartArray("subtype"u8);
        writer.WriteStartObject();
        writer.WriteString("system"u8, "urn:telehealth:audit:action"u8);
        writer.WriteString("code"u8, record.Action);
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteString("action"u8, ActionCode(record.Action));
        writer.WriteString("recorded"u8, FormatInstant(record.OccurredAt, scratch));
        writer.WriteString("outcome"u8, OutcomeCode(record.Outcome.Status));
        WriteIfPresent(writer, "outcomeDesc"u8, record.Outcome.ReasonCode);

        if (!string.IsNullOrEmpty(record.PurposeOfUse))
        {
            writer.WriteStartArray("purposeOfEvent"u8);
            writer.WriteStartObject();
            writer.WriteStartArray("coding"u8);
            writer.WriteStartObject();
            writer.WriteString("system"u8, "http://terminology.hl7.org/CodeSystem/v3-ActReason"u8);
            writer.WriteString("code"u8, record.PurposeOfUse);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        WriteAgent(writer, record);

        writer.WriteStartObject("source"u8);
        writer.WriteStartObject("observer"u8);
        writer.WriteString("display"u8, ObserverDisplay);
        writer.WriteEndObject();
        writer.WriteEndObject();

        WriteEntity(writer, entry, scratch);
        writer.WriteEndObject();
    }

    /// <summary>Returns the entry as a compact FHIR R4 <c>AuditEvent</c> JSON document.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>The JSON text. Characters outside ASCII and HTML-sensitive characters are escaped, so the text is plain ASCII.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is <see langword="null"/>.</exception>
    public static string ToJson(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Encoding.UTF8.GetString(WriteToThreadBuffer(entry));
    }

    /// <summary>
    /// Writes the entry into a buffer owned by the calling thread and returns the UTF-8 JSON. The span
    /// is valid until the next call on the same thread.
    /// </summary>
    internal static ReadOnlySpan<byte> WriteToThreadBuffer(AuditEntry entry)
    {
        var buffer = t_buffer;
        var writer = t_writer;
        if (buffer is null || writer is null || buffer.Capacity > CachedBufferLimit)
        {
            buffer = new ArrayBufferWriter<byte>(1024);
            writer = new Utf8JsonWriter(buffer);
            t_buffer = buffer;
            t_writer = writer;
        }
        else
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
        }

        Write(entry, writer);
        writer.Flush();
        return buffer.WrittenSpan;
    }

    private static void WriteAgent(Utf8JsonWriter writer, AuditRecord record)
    {
        var actor = record.Actor;
        writer.WriteStartArray("agent"u8);
        writer.WriteStartObject();

        writer.WriteStartObject("type"u8);
        writer.WriteStartArray("coding"u8);
        WriteCoding(writer, actor.Type == AuditActorType.User ? HumanUser : Application);
        writer.WriteEndArray();
        writer.WriteString("text"u8, ActorTypeText(actor.Type));
        writer.WriteEndObject();

        if (!string.IsNullOrEmpty(actor.Role))
        {
            writer.WriteStartArray("role"u8);
            writer.WriteStartObject();
            writer.WriteString("text"u8, actor.Role);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteStartObject("who"u8);
        writer.WriteStartObject("identifier"u8);
        writer.WriteString("value"u8, actor.Id);
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteBoolean("requestor"u8, true);

        if (!string.IsNullOrEmpty(record.CorrelationId))
        {
            writer.WriteStartArray("policy"u8);
            writer.WriteStringValue(record.CorrelationId);
            writer.WriteEndArray();
        }

        if (record.Source?.IpAddress is { Length: > 0 } address)
        {
            writer.WriteStartObject("network"u8);
            writer.WriteString("address"u8, address);
            writer.WriteString("type"u8, "2"u8);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteEntity(Utf8JsonWriter writer, AuditEntry entry, Span<byte> scratch)
    {
        var resource = entry.Record.Resource;
        writer.WriteStartArray("entity"u8);
        writer.WriteStartObject();

        if (!string.IsNullOrEmpty(resource.Id))
        {
            writer.WriteStartObject("what"u8);
            writer.WriteStartObject("identifier"u8);
            writer.WriteString("value"u8, resource.Id);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteStartObject("type"u8);
        writer.WriteString("system"u8, "urn:telehealth:resource-type"u8);
        writer.WriteString("code"u8, resource.Type);
        writer.WriteEndObject();

        writer.WriteStartArray("detail"u8);
        var extra = entry.Record.Extra;
        for (var i = 0; i < extra.Count; i++)
        {
            var field = extra[i];
            if (string.IsNullOrEmpty(field.Value))
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("type"u8, field.Name);
            writer.WriteString("valueString"u8, field.Value);
            writer.WriteEndObject();
        }

        writer.WriteStartObject();
        writer.WriteString("type"u8, "leafHash"u8);
        writer.WriteBase64String("valueBase64Binary"u8, entry.LeafHash.Span);
        writer.WriteEndObject();

        writer.WriteStartObject();
        writer.WriteString("type"u8, "sequence"u8);
        writer.WriteString("valueString"u8, FormatSequence(entry.Sequence, scratch));
        writer.WriteEndObject();

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteCoding(Utf8JsonWriter writer, Coding coding)
    {
        writer.WriteStartObject();
        writer.WriteString("system"u8, coding.System);
        writer.WriteString("code"u8, coding.Code);
        writer.WriteString("display"u8, coding.Display);
        writer.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            writer.WriteString(name, value);
        }
    }

    private static Coding EventType(string action)
    {
        if (action.StartsWith("phi.", StringComparison.Ordinal))
        {
            return action == "phi.export" ? Export : Rest;
        }

        return action.StartsWith("auth.", StringComparison.Ordinal) ? UserAuthentication : SecurityAlert;
    }

    internal static ReadOnlySpan<byte> ActionCode(string action)
    {
        var verb = action.AsSpan(action.LastIndexOf('.') + 1);
        return verb switch
        {
            "read" => "R"u8,
            "create" => "C"u8,
            "update" => "U"u8,
            "delete" => "D"u8,
            _ => "E"u8,
        };
    }

    private static ReadOnlySpan<byte> OutcomeCode(AuditOutcomeStatus status) => status switch
    {
        AuditOutcomeStatus.Success => "0"u8,
        AuditOutcomeStatus.Denied => "4"u8,
        _ => "8"u8,
    };

    internal static string ActorTypeText(AuditActorType type) => type switch
    {
        AuditActorType.User => "user",
        AuditActorType.Service => "service",
        AuditActorType.System => "system",
        _ => "unknown",
    };

    private static ReadOnlySpan<byte> FormatSequence(long sequence, Span<byte> scratch)
    {
        sequence.TryFormat(scratch, out var written, default, CultureInfo.InvariantCulture);
        return scratch[..written];
    }

    private static ReadOnlySpan<byte> FormatInstant(DateTimeOffset instant, Span<byte> scratch)
    {
        instant.UtcDateTime.TryFormat(scratch, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return scratch[..written];
    }

    private sealed class Coding(string system, string code, string display)
    {
        public JsonEncodedText System { get; } = JsonEncodedText.Encode(system);

        public JsonEncodedText Code { get; } = JsonEncodedText.Encode(code);

        public JsonEncodedText Display { get; } = JsonEncodedText.Encode(display);
    }
}
