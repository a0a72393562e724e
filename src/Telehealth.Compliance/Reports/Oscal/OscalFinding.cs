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
            if (source.Owner is { } owner)
            {
                Oscal.Prop(json, "owner", owner);
            }

            if (source.DueOn is { } due)
            {
                Oscal.Prop(json, "due-date", ReportText.Date(due));
            }
            json.WriteEndArray();
        }

        Oscal.ToolOrigin(json, toolUuid);
        json.WriteStartObject("target");
        json.WriteString("type", "statement-id");
        json.WriteString("target-id", Oscal.StatementId(TargetCitation));
        json.WriteStartObject("status");
        json.WriteString("state", Satisfied ? "satisfied" : "not-satisfied");
        json.WriteString("reason", Satisfied ? "pass" : "fail");
        json.WriteEndObject();
        json.WriteEndObject();
        Oscal.Related(json, "related-observations", "observation-uuid", ObservationUuids);
        Oscal.Related(json, "related-risks", "risk-uuid", RiskUuids);
        json.WriteEndObject();
    }
}
