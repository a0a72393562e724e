using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Telehealth.Compliance;

/// <summary>What the OSCAL exports share: the OSCAL version, the namespace of this package's properties, ids and UUIDs.</summary>
internal static class Oscal
{
    public const string Version = "1.2.1";

    /// <summary>The namespace of properties this package defines (OSCAL requires one for properties outside its own).</summary>
    public const string Namespace = "https://github.com/telehealth-sdk/telehealth-sdk/ns/oscal";

    /// <summary>The media type of an OSCAL catalog in JSON.</summary>
    public const string CatalogMediaType = "application/oscal.catalog+json";

    /// <summary>The system of the likelihood, impact and risk facets: NIST SP 800-30 Rev. 1.</summary>
    public const string Sp80030System = "https://doi.org/10.6028/NIST.SP.800-30r1";

    // The RFC 4122 namespace of this package's name-based UUIDs.
    private static readonly Guid UuidNamespace = new("3f6d9b52-8c1e-4f0a-9b7d-2a5c61e0d4a8");

    /// <summary>
    /// The OSCAL control id of a citation: <c>hipaa-</c> then the citation with each parenthesized part joined by
    /// <c>-</c>, such as <c>hipaa-164.308-a-1-ii-A</c>, which is a valid OSCAL token.
    /// </summary>
    public static string ControlId(string citation) =>
        "hipaa-" + citation.Replace(")(", "-", StringComparison.Ordinal).Replace("(", "-", StringComparison.Ordinal).Replace(")", string.Empty, StringComparison.Ordinal);

    /// <summary>The id of a control's statement part: the control id and <c>_smt</c>, as OSCAL catalogs name them.</summary>
    public static string StatementId(string citation) => ControlId(citation) + "_smt";

    /// <summary>A version 5 (name-based, SHA-1) UUID per RFC 4122, so the same record gets the same UUID in every export.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 4122 defines version 5 UUIDs with SHA-1; this is an identifier, not a protection.")]
    public static string Uuid(string name)
    {
        Span<byte> input = stackalloc byte[16];
        UuidNamespace.TryWriteBytes(input, bigEndian: true, out _);
        var bytes = Encoding.UTF8.GetBytes(name);
        var data = new byte[16 + bytes.Length];
        input.CopyTo(data);
        bytes.CopyTo(data, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(data, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }

    /// <summary>The document version of an export made at an instant, such as <c>20260301T120000Z</c>.</summary>
    public static string RevisionOf(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An enum name as an OSCAL-style token: <c>VeryHigh</c> becomes <c>very-high</c>.</summary>
    public static string Token(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    public static string Instant(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string EndOfDay(DateOnly date) => Instant(new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero));

    public static void Prop(Utf8JsonWriter json, string name, string value, bool own = true)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        if (own)
        {
            json.WriteString("ns", Namespace);
        }

        json.WriteString("value", value);
        json.WriteEndObject();
    }

    /// <summary>Writes <c>origins</c> naming one tool, a component of the local definitions, as the actor.</summary>
    public static void ToolOrigin(Utf8JsonWriter json, string toolUuid)
    {
        json.WriteStartArray("origins");
        json.WriteStartObject();
        ToolActor(json, toolUuid);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>Writes the <c>actors</c> of an origin: one tool, a component of the local definitions.</summary>
    public static void ToolActor(Utf8JsonWriter json, string toolUuid)
    {
        json.WriteStartArray("actors");
        json.WriteStartObject();
        json.WriteString("type", "tool");
        json.WriteString("actor-uuid", toolUuid);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>Writes an array of references, such as <c>related-risks</c> of <c>risk-uuid</c>s; nothing when there are none (OSCAL arrays are never empty).</summary>
    public static void Related(Utf8JsonWriter json, string array, string property, IReadOnlyList<string> uuids)
    {
        if (uuids.Count == 0)
        {
            return;
        }

        json.WriteStartArray(array);
        foreach (var uuid in uuids)
        {
            json.WriteStartObject();
            json.WriteString(property, uuid);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>A back-matter resource that links the exported catalog.</summary>
    public static void CatalogResource(Utf8JsonWriter json, string uuid, string title, string description, string catalogHref)
    {
        json.WriteStartObject();
        json.WriteString("uuid", uuid);
        json.WriteString("title", title);
        json.WriteString("description", description);
        json.WriteStartArray("rlinks");
        json.WriteStartObject();
        json.WriteString("href", catalogHref);
        json.WriteString("media-type", CatalogMediaType);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void Metadata(Utf8JsonWriter json, string title, DateTimeOffset lastModified, string version, string? sourceHref = null, Action<Utf8JsonWriter>? more = null)
    {
        json.WriteStartObject("metadata");
        json.WriteString("title", title);
        json.WriteString("last-modified", Instant(lastModified));
        json.WriteString("version", version);
        json.WriteString("oscal-version", Version);
        if (sourceHref is not null)
        {
            json.WriteStartArray("links");
            json.WriteStartObject();
            json.WriteString("href", sourceHref);
            json.WriteString("rel", "source");
            json.WriteEndObject();
            json.WriteEndArray();
        }

        more?.Invoke(json);
        json.WriteEndObject();
    }

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
