using System.Text.Json;

namespace Telehealth.Compliance;

/// <summary>
/// One OSCAL finding of an assessment: its stable UUID, what it says, the control statement it targets and whether that
/// is satisfied, and the observations and risks behind it. The assessment results and the plan of action and milestones
/// write the same findings.
/// </summary>
internal sealed class OscalFinding
{
    public OscalFinding(string key, string title, string description, string targetCitation, bool satisfied, IReadOnlyList<string> observationUuids, IReadOnlyList<string> riskUuids, ComplianceFinding? source = null)
    {
        Uuid = Oscal.Uuid($"finding/{key}");
        Title = title;
        Description = description;
        TargetCitation = targetCitation;
        Satisfied = satisfied;
        ObservationUuids = observationUuids;
        RiskUuids = riskUuids;
        Source = source;
    }

    /// <summary>Gets the UUID, name-based on the requirement and the subject, so the same finding keeps it across exports.</summary>
    public string Uuid { get; }

    public string Title { get; }

    public string Description { get; }

    public string TargetCitation { get; }

    public bool Satisfied { get; }

    public IReadOnlyList<string> ObservationUuids { get; }

    public IReadOnlyList<string> RiskUuids { get; }

    /// <summary>Gets the compliance finding this OSCAL finding reports, if it reports one.</summary>
    public ComplianceFinding? Source { get; }

    public void Write(Utf8JsonWriter json, string toolUuid)
    {
        json.WriteStartObject();
        json.WriteString("uuid", Uuid);
        json.WriteString("title", Title);
        json.WriteString("description", Description);
        if (Source is { } source)
        {
            json.WriteStartArray("props");
            Oscal.Prop(json, "finding-code", source.Code);
            Oscal.Prop(json, "finding-subject", source.Subject);
            json.WriteEndArray();
        }

        json.WriteStartArray("origins");
        json.WriteStartObject();
        json.WriteStartArray("actors");
        json.WriteStartObject();
        json.WriteString("type", "tool");
        json.WriteString("actor-uuid", toolUuid);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("target");
        json.WriteString("type", "statement-id");
        json.WriteString("target-id", Oscal.StatementId(TargetCitation));
        json.WriteStartObject("status");
        json.WriteString("state", Satisfied ? "satisfied" : "not-satisfied");
        json.WriteString("reason", Satisfied ? "pass" : "fail");
        json.WriteEndObject();
        json.WriteEndObject();
        Related(json, "related-observations", "observation-uuid", ObservationUuids);
        Related(json, "related-risks", "risk-uuid", RiskUuids);
        json.WriteEndObject();
    }

    private static void Related(Utf8JsonWriter json, string array, string property, IReadOnlyList<string> uuids)
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
}
