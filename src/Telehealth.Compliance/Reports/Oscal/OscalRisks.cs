using System.Text.Json;

namespace Telehealth.Compliance;

/// <summary>Writes a risk of the register as an OSCAL risk: likelihood, impact and level as facets in the NIST SP 800-30 system.</summary>
internal static class OscalRisks
{
    public static void Write(Utf8JsonWriter json, AssessedRisk assessed, string scaleName, string toolUuid)
    {
        var risk = assessed.Risk;
        json.WriteStartObject();
        json.WriteString("uuid", OscalIds.Risk(risk.Id));
        json.WriteString("title", $"{risk.Id}: {risk.Asset}: {risk.ThreatEvent}");
        json.WriteString("description", $"Threat source: {risk.ThreatSource}. Vulnerability: {risk.Vulnerability}.{(risk.ExistingControls is { } controls ? $" Existing controls: {controls}." : string.Empty)}");
        json.WriteString("statement", Statement(assessed, scaleName));
        json.WriteStartArray("props");
        Oscal.Prop(json, "risk-id", risk.Id);
        Oscal.Prop(json, "likelihood", Oscal.Token(risk.Likelihood.ToString()));
        Oscal.Prop(json, "impact", Oscal.Token(risk.Impact.ToString()));
        Oscal.Prop(json, "risk-level", Oscal.Token(assessed.Level.ToString()));
        Oscal.Prop(json, "residual-risk-level", Oscal.Token(assessed.ResidualLevel.ToString()));
        Oscal.Prop(json, "treatment", Oscal.Token(risk.Treatment.ToString()));
        Oscal.Prop(json, "owner", risk.Owner);
        foreach (var citation in risk.Citations)
        {
            Oscal.Prop(json, "control-id", Oscal.ControlId(citation));
        }

        json.WriteEndArray();

        // An accepted risk is a risk the organization carries by a documented decision: OSCAL's approved deviation.
        json.WriteString("status", risk.Status switch
        {
            RiskStatus.Closed => "closed",
            RiskStatus.InTreatment => "remediating",
            RiskStatus.Accepted => "deviation-approved",
            _ => "open",
        });
        json.WriteStartArray("characterizations");
        json.WriteStartObject();
        json.WriteStartObject("origin");
        Oscal.ToolActor(json, toolUuid);
        json.WriteEndObject();
        json.WriteStartArray("facets");
        Facet(json, "likelihood", risk.Likelihood);
        Facet(json, "impact", risk.Impact);
        Facet(json, "risk", assessed.Level);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("deadline", Oscal.EndOfDay(risk.Acceptance?.ReviewOn ?? risk.DueOn));
        Oscal.Related(json, "related-observations", "observation-uuid", [.. risk.EvidenceIds.Distinct(StringComparer.Ordinal).Select(OscalIds.Observation)]);
        json.WriteEndObject();
    }

    private static string Statement(AssessedRisk assessed, string scaleName)
    {
        var risk = assessed.Risk;
        var statement = $"Likelihood {ReportText.Level(risk.Likelihood)} and impact {ReportText.Level(risk.Impact)} give a {ReportText.Level(assessed.Level)} risk ({scaleName}); residual risk {ReportText.Level(assessed.ResidualLevel)}. Treatment: {risk.Treatment}; owner: {risk.Owner}.";
        return risk.Acceptance is { } acceptance
            ? $"{statement} Accepted {ReportText.Date(acceptance.AcceptedOn)} by {acceptance.Approver}: {acceptance.Rationale} Review by {ReportText.Date(acceptance.ReviewOn)}."
            : statement;
    }

    private static void Facet(Utf8JsonWriter json, string name, RiskLevel level)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("system", Oscal.Sp80030System);
        json.WriteString("value", Oscal.Token(level.ToString()));
        json.WriteEndObject();
    }
}
