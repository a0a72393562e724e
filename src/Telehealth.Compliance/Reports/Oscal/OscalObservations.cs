using System.Globalization;
using System.Text.Json;

namespace Telehealth.Compliance;

/// <summary>
/// The observations of the OSCAL exports (evidence items and breach assessments), each with the assessed system as its
/// subject and its source as its origin, and the local components they refer to.
/// </summary>
internal static class OscalObservations
{
    /// <summary>Gets the UUID of the component that stands for this library, the origin of findings and risk characterizations.</summary>
    public static readonly string ToolUuid = Oscal.Uuid("tool/telehealth-compliance");

    /// <summary>Gets the UUID of the component that stands for the assessed system.</summary>
    public static readonly string SystemUuid = Oscal.Uuid("component/this-system");

    public static void LocalDefinitions(Utf8JsonWriter json, ComplianceAssessment assessment, IEnumerable<EvidenceStatus> evidence)
    {
        json.WriteStartObject("local-definitions");
        json.WriteStartArray("components");
        Component(json, ToolUuid, "software", "Telehealth.Compliance", "The library that assessed the registers and rated the risks; the origin of the findings, the risk characterizations and the breach observations.");
        Component(json, SystemUuid, "this-system", "Assessed system", $"The system assessed by '{assessment.Title}', the subject of every observation.");
        foreach (var source in evidence.Select(e => e.Item.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            Component(json, SourceUuid(source), "software", source, $"The evidence source '{source}', the origin of the observations it collected.");
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Component(Utf8JsonWriter json, string uuid, string type, string title, string description)
    {
        json.WriteStartObject();
        json.WriteString("uuid", uuid);
        json.WriteString("type", type);
        json.WriteString("title", title);
        json.WriteString("description", description);
        json.WriteStartObject("status");
        json.WriteString("state", "operational");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string SourceUuid(string source) => Oscal.Uuid($"component/evidence-source/{source}");

    public static void Write(Utf8JsonWriter json, EvidenceStatus evidence)
    {
        var item = evidence.Item;
        json.WriteStartObject();
        json.WriteString("uuid", OscalIds.Observation(item.Id));
        json.WriteString("title", item.Id);
        json.WriteString("description", ReportText.Observation(item));
        json.WriteStartArray("props");
        Oscal.Prop(json, "evidence-kind", Oscal.Token(item.Kind.ToString()));
        Oscal.Prop(json, "evidence-outcome", Oscal.Token(item.Outcome.ToString()));
        Oscal.Prop(json, "evidence-source", item.Source);
        Oscal.Prop(json, "freshness", evidence.IsStale ? "stale" : "current");
        if (item.Observation is { Metric: { } metric, Value: { } value, Unit: { } unit })
        {
            Oscal.Prop(json, "metric", metric);
            Oscal.Prop(json, "metric-value", value.ToString(CultureInfo.InvariantCulture));
            Oscal.Prop(json, "metric-unit", unit);
        }

        foreach (var citation in item.Citations)
        {
            Oscal.Prop(json, "control-id", Oscal.ControlId(citation));
        }

        json.WriteEndArray();
        json.WriteStartArray("methods");
        json.WriteStringValue(item.Kind is EvidenceKind.RuntimeMeasurement or EvidenceKind.TestResult ? "TEST" : "EXAMINE");
        json.WriteEndArray();
        json.WriteStartArray("types");
        json.WriteStringValue("control-objective");
        json.WriteEndArray();
        OriginAndSubject(json, SourceUuid(item.Source));
        json.WriteString("collected", Oscal.Instant(item.CollectedAt));
        json.WriteString("expires", Oscal.Instant(item.ExpiresAt));
        json.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter json, BreachStatus breach, DateTimeOffset collected)
    {
        var assessment = breach.Assessment;
        json.WriteStartObject();
        json.WriteString("uuid", OscalIds.BreachObservation(assessment.Id));
        json.WriteString("title", assessment.Id);
        json.WriteString("description", string.Create(
            CultureInfo.InvariantCulture,
            $"Breach assessment of {ReportText.Date(assessment.AssessedOn)} by {assessment.AssessedBy}: {assessment.Conclusion}, discovered {ReportText.Date(assessment.DiscoveredOn)}, {assessment.TotalAffected} affected. Notices: {ReportText.State(breach)}{(breach.Notices.Count == 0 ? string.Empty : "; " + ReportText.Notices(breach))}."));
        json.WriteStartArray("props");
        Oscal.Prop(json, "breach-conclusion", Oscal.Token(assessment.Conclusion.ToString()));
        Oscal.Prop(json, "breach-notification-state", Oscal.Token(breach.State.ToString()));
        json.WriteEndArray();
        json.WriteStartArray("methods");
        json.WriteStringValue("EXAMINE");
        json.WriteEndArray();
        json.WriteStartArray("types");
        json.WriteStringValue("historic");
        json.WriteEndArray();
        OriginAndSubject(json, ToolUuid);
        json.WriteString("collected", Oscal.Instant(collected));
        json.WriteEndObject();
    }

    /// <summary>Who observed (a tool component of the local definitions) and what: the assessed system.</summary>
    private static void OriginAndSubject(Utf8JsonWriter json, string actorUuid)
    {
        Oscal.ToolOrigin(json, actorUuid);
        json.WriteStartArray("subjects");
        json.WriteStartObject();
        json.WriteString("subject-uuid", SystemUuid);
        json.WriteString("type", "component");
        json.WriteEndObject();
        json.WriteEndArray();
    }
}
