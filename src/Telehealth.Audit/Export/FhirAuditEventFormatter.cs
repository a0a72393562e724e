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
///   <item><term><c>subtype</c></term><description>
///   First the standard subtype when the action has one: for RESTful operations the
///   <c>http://hl7.org/fhir/restful-interaction</c> code of the verb (<c>read</c>, <c>vread</c>, <c>create</c>,
///   <c>update</c>, <c>patch</c>, <c>delete</c>, <c>history</c>, <c>search</c>); for user authentication DICOM
///   <c>110122</c> Login when a segment is <c>login</c>, <c>signin</c> or <c>mfa</c> and <c>110123</c> Logout when
///   one is <c>logout</c> or <c>signout</c>; for security alerts DICOM <c>110127</c> Emergency Override Started
///   when a segment is <c>break_glass</c>. Then always system <c>urn:telehealth:audit:action</c>, code = the action name.
///   </description></item>
///   <item><term><c>action</c></term><description>From the last segment of the action name: <c>read</c> R, <c>create</c> C, <c>update</c> U, <c>delete</c> D, anything else E.</description></item>
///   <item><term><c>recorded</c></term><description><see cref="AuditRecord.OccurredAt"/> in UTC with milliseconds.</description></item>
///   <item><term><c>outcome</c></term><description>Success <c>0</c>, denied <c>4</c> (minor failure), failed <c>8</c> (serious failure).</description></item>
///   <item><term><c>outcomeDesc</c></term><description>The outcome reason code, when there is one.</description></item>
///   <item><term><c>purposeOfEvent[0]</c></term><description>The PurposeOfUse code in system <c>http://terminology.hl7.org/CodeSystem/v3-ActReason</c>
///   when it is in the v3-PurposeOfUse value set (<c>SYSADMIN</c>, written by 0.1, as <c>HSYSADMIN</c>); any other stored code only as <c>text</c>, never as a coding.</description></item>
///   <item><term><c>agent[0].type</c></term><description>User: <c>http://terminology.hl7.org/CodeSystem/extra-security-role-type</c> | <c>humanuser</c>; service and system: DCM <c>110150</c> Application. The text is <c>user</c>, <c>service</c> or <c>system</c>.</description></item>
///   <item><term><c>agent[0]</c></term><description><c>who.identifier.value</c> = actor id, <c>role[0].text</c> = actor role, <c>requestor</c> = true,
///   <c>network.address</c> = source address, with <c>network.type</c> <c>2</c> (IP address) only when the stored value is an IP address
///   (a pseudonym made by the redactor has no type).</description></item>
///   <item><term><c>source.observer.display</c></term><description><c>Telehealth.Audit</c>.</description></item>
///   <item><term><c>entity[0]</c></term><description><c>what.identifier.value</c> = resource id; <c>type</c> = system <c>urn:telehealth:resource-type</c>, code = resource type.</description></item>
///   <item><term><c>entity[0].detail</c></term><description>One <c>valueString</c> detail per extra field (type = field name, in stored order; fields with an empty value are left out because FHIR forbids empty strings), then <c>leafHash</c> (<c>valueBase64Binary</c>) and <c>sequence</c> (<c>valueString</c>).</description></item>
///   <item><term><c>entity[1]</c></term><description>When there is a correlation id: <c>what.identifier.value</c> = the correlation id, <c>type</c> =
///   <c>https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType</c> | <c>XrequestId</c>, the entity IHE Basic Audit Log Patterns
///   use for the request's transport identifier. (<c>agent.policy</c>, where 0.1 put it, is for policy URIs.)</description></item>
/// </list>
/// <para>
/// Elements without a value are omitted. The device and session ids and the justification are not
/// exported. The record was redacted before it was stored, so the output carries what the log holds
/// and nothing more.
/// </para>
/// <para>
/// Every entry the 0.2 log accepted exports as a valid AuditEvent. An entry stored earlier whose resource
/// type or action is not a FHIR <c>code</c>, or whose identifiers or texts are not FHIR <c>string</c>s
/// (control characters, nothing but whitespace), raises <see cref="AuditFormatException"/> with
/// <see cref="AuditErrorCodes.UnexportableEntry"/> naming the element; nothing is written for it.
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
    private static readonly Coding RequestId = new("https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType", "XrequestId", "transport specific unique identifier where http X-Request-Id is used");
    private static readonly Coding Login = new(Dicom, "110122", "Login");
    private static readonly Coding Logout = new(Dicom, "110123", "Logout");
    private static readonly Coding EmergencyOverrideStarted = new(Dicom, "110127", "Emergency Override Started");
    private static readonly string[] RestfulInteractions = ["read", "vread", "create", "update", "patch", "delete", "history", "search"];
    private static readonly Dictionary<string, Coding> Restful = RestfulInteractions.ToDictionary(v => v, v => new Coding("http://hl7.org/fhir/restful-interaction", v, v), StringComparer.Ordinal);
    private static readonly Coding HumanUser = new("http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user");
    private static readonly Coding Application = new(Dicom, "110150", "Application");

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_relaxedWriter;

    /// <summary>Writes the entry as one FHIR R4 <c>AuditEvent</c> JSON object.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="writer">The writer; it is not flushed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> or <paramref name="writer"/> is <see langword="null"/>.</exception>
    public static void Write(AuditEntry entry, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(writer);
        var record = entry.Record;
        Check(entry);
        Span<byte> scratch = stackalloc byte[32];

        writer.WriteStartObject();
        writer.WriteString("resourceType"u8, "AuditEvent"u8);
        writer.WriteString("id"u8, FormatSequence(entry.Sequence, scratch));

        writer.WritePropertyName("type"u8);
        WriteCoding(writer, EventType(record.Action));

        writer.WriteStartArray("subtype"u8);
        if (StandardSubtype(record.Action) is { } subtype)
        {
            WriteCoding(writer, subtype);
        }

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
            WritePurpose(writer, record.PurposeOfUse);
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
    /// <param name="entry">The entry.</param>
    /// <param name="relaxed">Whether to write non-ASCII characters as they are instead of <c>\uXXXX</c> escapes.</param>
    internal static ReadOnlySpan<byte> WriteToThreadBuffer(AuditEntry entry, bool relaxed = false)
    {
        var buffer = t_buffer;
        var writer = relaxed ? t_relaxedWriter : t_writer;
        if (buffer is null || buffer.Capacity > CachedBufferLimit)
        {
            buffer = new ArrayBufferWriter<byte>(1024);
            t_buffer = buffer;
            t_writer = null;
            t_relaxedWriter = null;
            writer = null;
        }

        buffer.ResetWrittenCount();
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = relaxed ? System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping : null });
            if (relaxed)
            {
                t_relaxedWriter = writer;
            }
            else
            {
                t_writer = writer;
            }
        }
        else
        {
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

        if (record.Source?.IpAddress is { Length: > 0 } address)
        {
            writer.WriteStartObject("network"u8);
            writer.WriteString("address"u8, address);
            if (IsIpAddress(address))
            {
                writer.WriteString("type"u8, "2"u8);
            }

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

        if (!string.IsNullOrEmpty(entry.Record.CorrelationId))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("what"u8);
            writer.WriteStartObject("identifier"u8);
            writer.WriteString("value"u8, entry.Record.CorrelationId);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WritePropertyName("type"u8);
            WriteCoding(writer, RequestId);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WritePurpose(Utf8JsonWriter writer, string code)
    {
        writer.WriteStartArray("purposeOfEvent"u8);
        writer.WriteStartObject();
        if (code == PurposeOfUse.LegacySystemAdministration)
        {
            code = PurposeOfUse.SystemAdministration;
        }

        if (PurposeOfUse.IsDefined(code))
        {
            writer.WriteStartArray("coding"u8);
            writer.WriteStartObject();
            writer.WriteString("system"u8, "http://terminology.hl7.org/CodeSystem/v3-ActReason"u8);
            writer.WriteString("code"u8, code);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteString("text"u8, code);
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary>Refuses an entry whose values would make the AuditEvent invalid (only entries stored before the record checks of 0.2 can hold them).</summary>
    private static void Check(AuditEntry entry)
    {
        var record = entry.Record;
        CheckCode(entry, record.Action, "subtype.code (action)");
        CheckCode(entry, record.Resource.Type, "entity.type.code (resource type)");
        CheckString(entry, record.Actor.Id, "agent.who.identifier.value (actor id)");
        CheckString(entry, record.Actor.Role, "agent.role.text (actor role)");
        CheckString(entry, record.Resource.Id, "entity.what.identifier.value (resource id)");
        CheckString(entry, record.Outcome.ReasonCode, "outcomeDesc (outcome reason)");
        CheckString(entry, record.PurposeOfUse, "purposeOfEvent (purpose of use)");
        CheckString(entry, record.CorrelationId, "entity.what.identifier.value (correlation id)");
        CheckString(entry, record.Source?.IpAddress, "agent.network.address (source address)");
        foreach (var field in record.Extra)
        {
            CheckString(entry, field.Name, "entity.detail.type (extra field name)");
            CheckString(entry, field.Value, "entity.detail.valueString (extra field value)");
        }
    }

    private static void CheckCode(AuditEntry entry, string value, string element)
    {
        if (!FieldText.IsToken(value))
        {
            throw Errors.Unexportable(entry.Sequence, "a FHIR AuditEvent", element + " is not a FHIR code.");
        }
    }

    private static void CheckString(AuditEntry entry, string? value, string element)
    {
        if (!string.IsNullOrEmpty(value) && !FieldText.IsFreeText(value))
        {
            throw Errors.Unexportable(entry.Sequence, "a FHIR AuditEvent", element + " is not a FHIR string (control characters, or nothing but whitespace).");
        }
    }

    private static Coding? StandardSubtype(string action)
    {
        var type = EventType(action);
        var segments = action.Split('.');
        if (type == Rest)
        {
            return Restful.GetValueOrDefault(segments[^1]);
        }

        if (type == UserAuthentication)
        {
            return segments.Any(s => s is "logout" or "signout") ? Logout
                : segments.Any(s => s is "login" or "signin" or "mfa") ? Login
                : null;
        }

        return type == SecurityAlert && segments.Contains("break_glass") ? EmergencyOverrideStarted : null;
    }

    /// <summary>Whether the stored address is an IP address, not a pseudonym or an erased value.</summary>
    private static bool IsIpAddress(string value) =>
        value.Length <= 45
        && value.All(c => char.IsAsciiHexDigit(c) || c is '.' or ':')
        && System.Net.IPAddress.TryParse(value, out var address)
        && (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || value.Count(c => c == '.') == 3);

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
