using System.Globalization;
using System.Text.Json;

namespace Telehealth.Compliance;

/// <summary>
/// Renders an assessment as OSCAL 1.2.1 assessment results (JSON) against the catalog of
/// <see cref="OscalCatalogExporter"/>: one result whose observations are the evidence items, whose risks are the risk
/// register, and whose findings are one per standard and implementation specification, with target status
/// <c>satisfied</c> (reason <c>pass</c>), <c>not-satisfied</c> (reason <c>fail</c>), or, when not assessed,
/// <c>not-satisfied</c> with reason <c>other</c>. The assessment has no separate assessment plan, so <c>import-ap</c>
/// points at a back-matter resource that says so. Observations and risks keep their UUID across exports (name-based on
/// their ids), as OSCAL asks.
/// </summary>
public sealed class OscalAssessmentResultsRenderer : IComplianceReportRenderer
{
    private const string ToolName = "tool/telehealth-compliance";

    /// <inheritdoc />
    public string MediaType => "application/json";

    /// <inheritdoc />
    public string FileExtension => ".json";

    /// <inheritdoc />
    public string Render(ComplianceAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var documentUuid = Oscal.Uuid($"assessment-results/{assessment.Title}/{Oscal.Instant(assessment.GeneratedAt)}");
        var planUuid = Oscal.Uuid($"assessment-plan/{documentUuid}");
        var observations = assessment.Evidence.ToDictionary(e => e.Item.Id, e => Oscal.Uuid($"observation/{e.Item.Id}/{Oscal.Instant(e.Item.CollectedAt)}"), StringComparer.Ordinal);
        var risks = assessment.Risks.ToDictionary(r => r.Risk.Id, r => Oscal.Uuid($"risk/{r.Risk.Id}"), StringComparer.Ordinal);
        var breaches = assessment.Breaches.ToDictionary(b => b.Assessment.Id, b => Oscal.Uuid($"observation/breach/{b.Assessment.Id}/{Oscal.Instant(assessment.GeneratedAt)}"), StringComparer.Ordinal);

        return Oscal.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("assessment-results");
            json.WriteString("uuid", documentUuid);
            Oscal.Metadata(json, assessment.Title, assessment.GeneratedAt, assessment.GeneratedAt.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("import-ap");
            json.WriteString("href", $"#{planUuid}");
            json.WriteEndObject();

            json.WriteStartArray("results");
            json.WriteStartObject();
            json.WriteString("uuid", Oscal.Uuid($"result/{documentUuid}"));
            json.WriteString("title", assessment.Title);
            json.WriteString("description", $"Assessment of the HIPAA Security Rule catalog {assessment.CatalogVersion} from the organization's registers: addressable decisions, risks, vendors and evidence.");
            json.WriteString("start", Oscal.Instant(assessment.GeneratedAt));
            json.WriteString("end", Oscal.Instant(assessment.GeneratedAt));
            json.WriteStartArray("props");
            Oscal.Prop(json, "catalog-version", assessment.CatalogVersion);
            json.WriteEndArray();
            json.WriteStartObject("local-definitions");
            json.WriteStartArray("components");
            json.WriteStartObject();
            json.WriteString("uuid", Oscal.Uuid(ToolName));
            json.WriteString("type", "software");
            json.WriteString("title", "Telehealth.Compliance");
            json.WriteString("description", "The library that assessed the registers and rated the risks; the origin of the risk characterizations.");
            json.WriteStartObject("status");
            json.WriteString("state", "operational");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("reviewed-controls");
            json.WriteStartArray("control-selections");
            json.WriteStartObject();
            json.WriteStartObject("include-all");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            if (assessment.Evidence.Count > 0 || assessment.Breaches.Count > 0)
            {
                json.WriteStartArray("observations");
                foreach (var evidence in assessment.Evidence)
                {
                    Observation(json, evidence, observations[evidence.Item.Id]);
                }

                foreach (var breach in assessment.Breaches)
                {
                    Observation(json, breach, breaches[breach.Assessment.Id], assessment.GeneratedAt);
                }

                json.WriteEndArray();
            }

            if (assessment.Risks.Count > 0)
            {
                json.WriteStartArray("risks");
                foreach (var risk in assessment.Risks)
                {
                    Risk(json, risk, risks[risk.Risk.Id], assessment.RiskScaleName, observations);
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("findings");
            foreach (var requirement in assessment.Requirements)
            {
                Finding(json, requirement, documentUuid, observations, risks);
            }

            foreach (var requirement in assessment.BreachNotification)
            {
                Finding(json, requirement, documentUuid, breaches);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("back-matter");
            json.WriteStartArray("resources");
            json.WriteStartObject();
            json.WriteString("uuid", planUuid);
            json.WriteString("title", "Assessment plan");
            json.WriteString("description", "No separate OSCAL assessment plan: the plan is the whole catalog, assessed from the organization's registers by Telehealth.Compliance.");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    private static void Observation(Utf8JsonWriter json, EvidenceStatus evidence, string uuid)
    {
        var item = evidence.Item;
        json.WriteStartObject();
        json.WriteString("uuid", uuid);
        json.WriteString("title", item.Id);
        json.WriteString("description", ReportText.Observation(item));
        json.WriteStartArray("props");
        Oscal.Prop(json, "evidence-kind", Token(item.Kind.ToString()));
        Oscal.Prop(json, "evidence-outcome", Token(item.Outcome.ToString()));
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
        json.WriteString("collected", Oscal.Instant(item.CollectedAt));
        json.WriteString("expires", Oscal.Instant(item.ExpiresAt));
        json.WriteEndObject();
    }

    private static void Observation(Utf8JsonWriter json, BreachStatus breach, string uuid, DateTimeOffset collected)
    {
        var assessment = breach.Assessment;
        json.WriteStartObject();
        json.WriteString("uuid", uuid);
        json.WriteString("title", assessment.Id);
        json.WriteString("description", string.Create(
            CultureInfo.InvariantCulture,
            $"Breach assessment of {ReportText.Date(assessment.AssessedOn)} by {assessment.AssessedBy}: {assessment.Conclusion}, discovered {ReportText.Date(assessment.DiscoveredOn)}, {assessment.TotalAffected} affected. Notices: {ReportText.State(breach)}{(breach.Notices.Count == 0 ? string.Empty : "; " + ReportText.Notices(breach))}."));
        json.WriteStartArray("props");
        Oscal.Prop(json, "breach-conclusion", Token(assessment.Conclusion.ToString()));
        Oscal.Prop(json, "breach-notification-state", Token(breach.State.ToString()));
        json.WriteEndArray();
        json.WriteStartArray("methods");
        json.WriteStringValue("EXAMINE");
        json.WriteEndArray();
        json.WriteStartArray("types");
        json.WriteStringValue("historic");
        json.WriteEndArray();
        json.WriteString("collected", Oscal.Instant(collected));
        json.WriteEndObject();
    }

    private static void Finding(Utf8JsonWriter json, BreachNotificationCoverage requirement, string documentUuid, Dictionary<string, string> breaches)
    {
        json.WriteStartObject();
        json.WriteString("uuid", Oscal.Uuid($"finding/{documentUuid}/{requirement.Requirement.Citation}"));
        json.WriteString("title", requirement.Requirement.ToString());
        json.WriteString("description", requirement.Status switch
        {
            CoverageStatus.Satisfied => $"Notices given in time: {string.Join(", ", requirement.AssessmentIds)}.",
            CoverageStatus.NotSatisfied => string.Join(" ", requirement.Findings.Select(f => $"{f.Code} {f.Subject}: {f.Message}")),
            _ => "Not assessed: no breach has called for this notice.",
        });
        json.WriteStartArray("props");
        Oscal.Prop(json, "coverage", Token(requirement.Status.ToString()));
        foreach (var code in requirement.Findings.Select(f => f.Code).Distinct(StringComparer.Ordinal))
        {
            Oscal.Prop(json, "finding-code", code);
        }

        json.WriteEndArray();
        json.WriteStartObject("target");
        json.WriteString("type", "objective-id");
        json.WriteString("target-id", Oscal.ControlId(requirement.Requirement.Citation));
        json.WriteStartObject("status");
        json.WriteString("state", requirement.Status == CoverageStatus.Satisfied ? "satisfied" : "not-satisfied");
        json.WriteString("reason", requirement.Status switch
        {
            CoverageStatus.Satisfied => "pass",
            CoverageStatus.NotSatisfied => "fail",
            _ => "other",
        });
        json.WriteEndObject();
        json.WriteEndObject();
        if (requirement.AssessmentIds.Count > 0)
        {
            json.WriteStartArray("related-observations");
            foreach (var id in requirement.AssessmentIds)
            {
                json.WriteStartObject();
                json.WriteString("observation-uuid", breaches[id]);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void Risk(Utf8JsonWriter json, AssessedRisk assessed, string uuid, string scaleName, Dictionary<string, string> observations)
    {
        var risk = assessed.Risk;
        json.WriteStartObject();
        json.WriteString("uuid", uuid);
        json.WriteString("title", $"{risk.Asset}: {risk.ThreatEvent}");
        json.WriteString("description", $"Threat source: {risk.ThreatSource}. Vulnerability: {risk.Vulnerability}.");
        json.WriteString("statement", $"Likelihood {ReportText.Level(risk.Likelihood)} and impact {ReportText.Level(risk.Impact)} give a {ReportText.Level(assessed.Level)} risk ({scaleName}). Treatment: {risk.Treatment}; owner: {risk.Owner}.");
        json.WriteStartArray("props");
        Oscal.Prop(json, "risk-id", risk.Id);
        Oscal.Prop(json, "likelihood", Token(risk.Likelihood.ToString()));
        Oscal.Prop(json, "impact", Token(risk.Impact.ToString()));
        Oscal.Prop(json, "risk-level", Token(assessed.Level.ToString()));
        Oscal.Prop(json, "treatment", Token(risk.Treatment.ToString()));
        foreach (var citation in risk.Citations)
        {
            Oscal.Prop(json, "control-id", Oscal.ControlId(citation));
        }

        json.WriteEndArray();
        json.WriteString("status", risk.Status switch
        {
            RiskStatus.Closed => "closed",
            RiskStatus.InTreatment => "remediating",
            _ => "open",
        });
        json.WriteStartArray("characterizations");
        json.WriteStartObject();
        json.WriteStartObject("origin");
        json.WriteStartArray("actors");
        json.WriteStartObject();
        json.WriteString("type", "tool");
        json.WriteString("actor-uuid", Oscal.Uuid(ToolName));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("facets");
        Facet(json, "likelihood", risk.Likelihood);
        Facet(json, "impact", risk.Impact);
        Facet(json, "risk", assessed.Level);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteString("deadline", Oscal.EndOfDay(risk.DueOn));
        var related = risk.EvidenceIds.Where(observations.ContainsKey).ToArray();
        if (related.Length > 0)
        {
            json.WriteStartArray("related-observations");
            foreach (var id in related)
            {
                json.WriteStartObject();
                json.WriteString("observation-uuid", observations[id]);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void Facet(Utf8JsonWriter json, string name, RiskLevel level)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("system", Oscal.Sp80030System);
        json.WriteString("value", Token(level.ToString()));
        json.WriteEndObject();
    }

    private static void Finding(Utf8JsonWriter json, RequirementCoverage requirement, string documentUuid, Dictionary<string, string> observations, Dictionary<string, string> risks)
    {
        var entry = requirement.Entry;
        json.WriteStartObject();
        json.WriteString("uuid", Oscal.Uuid($"finding/{documentUuid}/{entry.Citation}"));
        json.WriteString("title", $"{entry.Citation} {entry.Title}");
        var description = requirement.Status switch
        {
            CoverageStatus.Satisfied => $"Satisfied by current evidence: {string.Join(", ", requirement.CurrentEvidenceIds)}.",
            CoverageStatus.NotSatisfied when requirement.Findings.Count > 0 => string.Join(" ", requirement.Findings.Select(f => $"{f.Code} {f.Subject}: {f.Message}")),
            CoverageStatus.NotSatisfied => "Current evidence, or a specification of this standard, shows a gap.",
            _ => "Not assessed: no current evidence and no finding.",
        };
        json.WriteString("description", description);
        json.WriteStartArray("props");
        Oscal.Prop(json, "coverage", Token(requirement.Status.ToString()));
        Oscal.Prop(json, "implementation-requirement", entry.IsAddressable ? "addressable" : "required");
        if (requirement.Decision is { } decision)
        {
            Oscal.Prop(json, "addressable-decision", Token(decision.Outcome.ToString()));
        }

        foreach (var code in requirement.Findings.Select(f => f.Code).Distinct(StringComparer.Ordinal))
        {
            Oscal.Prop(json, "finding-code", code);
        }

        json.WriteEndArray();
        json.WriteStartObject("target");
        json.WriteString("type", "objective-id");
        json.WriteString("target-id", Oscal.ControlId(entry.Citation));
        json.WriteStartObject("status");
        json.WriteString("state", requirement.Status == CoverageStatus.Satisfied ? "satisfied" : "not-satisfied");
        json.WriteString("reason", requirement.Status switch
        {
            CoverageStatus.Satisfied => "pass",
            CoverageStatus.NotSatisfied => "fail",
            _ => "other",
        });
        json.WriteEndObject();
        json.WriteEndObject();

        var related = requirement.CurrentEvidenceIds.Concat(requirement.StaleEvidenceIds).Where(observations.ContainsKey).ToArray();
        if (related.Length > 0)
        {
            json.WriteStartArray("related-observations");
            foreach (var id in related)
            {
                json.WriteStartObject();
                json.WriteString("observation-uuid", observations[id]);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (requirement.RiskIds.Count > 0)
        {
            json.WriteStartArray("related-risks");
            foreach (var id in requirement.RiskIds)
            {
                json.WriteStartObject();
                json.WriteString("risk-uuid", risks[id]);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>An enum name as an OSCAL-style token: <c>VeryHigh</c> becomes <c>very-high</c>.</summary>
    private static string Token(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));
}
