using System.Globalization;
using System.Text.Json;

namespace Telehealth.Compliance;

/// <summary>
/// Renders an assessment as OSCAL 1.2.1 assessment results (JSON) against the catalog of
/// <see cref="OscalCatalogExporter"/>, which the document links: <c>import-ap</c> points at a back-matter resource (there is
/// no separate assessment plan: the plan is every control of the catalog) whose link is the catalog's address, given to
/// the constructor. One result holds the evidence items and breach assessments as observations, each with the assessed
/// system as its subject and its source as its origin; the risk register as risks; and the findings. Findings target the
/// statement part of a control (<c>statement-id</c>, <c>hipaa-164.312-b_smt</c>): a satisfied requirement has one finding,
/// a requirement that is not satisfied has one per subject (each compliance finding's record, each current evidence item
/// that shows a gap, each failing specification of a standard), and a requirement that was not assessed has none, so it
/// is never reported as not satisfied. UUIDs are name-based on what they identify (the requirement and subject, the
/// evidence id, the risk id), so a tool can follow the same finding, observation or risk from one export to the next.
/// </summary>
public sealed class OscalAssessmentResultsRenderer : IComplianceReportRenderer
{
    private const string CatalogMediaType = "application/oscal.catalog+json";
    private static readonly string ToolUuid = Oscal.Uuid("tool/telehealth-compliance");
    private static readonly string SystemUuid = Oscal.Uuid("component/this-system");

    /// <summary>Initializes a new instance of the <see cref="OscalAssessmentResultsRenderer"/> class.</summary>
    /// <param name="catalogHref">
    /// Where the exported catalog can be read, absolute or relative to the assessment results, such as
    /// <c>https://clinic.example/compliance/oscal/catalog.json</c>; the default is <see cref="OscalCatalogExporter.DefaultFileName"/>,
    /// for a catalog saved beside the results.
    /// </param>
    public OscalAssessmentResultsRenderer(string catalogHref = OscalCatalogExporter.DefaultFileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(catalogHref);
        CatalogHref = catalogHref;
    }

    /// <summary>Gets where the exported catalog can be read.</summary>
    public string CatalogHref { get; }

    /// <inheritdoc />
    public string MediaType => "application/json";

    /// <inheritdoc />
    public string FileExtension => ".json";

    /// <inheritdoc />
    public string Render(ComplianceAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var ids = new OscalIds(assessment);
        var planUuid = Oscal.Uuid($"assessment-plan/{assessment.CatalogVersion}");
        var catalogUuid = Oscal.Uuid($"catalog-resource/{assessment.CatalogVersion}");

        return Oscal.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("assessment-results");
            json.WriteString("uuid", Oscal.Uuid($"assessment-results/{assessment.Title}"));
            Oscal.Metadata(json, assessment.Title, assessment.GeneratedAt, Oscal.RevisionOf(assessment.GeneratedAt));
            json.WriteStartObject("import-ap");
            json.WriteString("href", $"#{planUuid}");
            json.WriteEndObject();

            json.WriteStartArray("results");
            json.WriteStartObject();
            json.WriteString("uuid", Oscal.Uuid($"result/{assessment.Title}/{Oscal.Instant(assessment.GeneratedAt)}"));
            json.WriteString("title", assessment.Title);
            json.WriteString("description", Description(assessment));
            json.WriteString("start", Oscal.Instant(assessment.GeneratedAt));
            json.WriteString("end", Oscal.Instant(assessment.GeneratedAt));
            json.WriteStartArray("props");
            Oscal.Prop(json, "catalog-version", assessment.CatalogVersion);
            json.WriteEndArray();
            LocalDefinitions(json, assessment);
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
                    Observation(json, evidence);
                }

                foreach (var breach in assessment.Breaches)
                {
                    Observation(json, breach, assessment.GeneratedAt);
                }

                json.WriteEndArray();
            }

            if (assessment.Risks.Count > 0)
            {
                json.WriteStartArray("risks");
                foreach (var risk in assessment.Risks)
                {
                    OscalRisks.Write(json, risk, assessment.RiskScaleName, ToolUuid);
                }

                json.WriteEndArray();
            }

            var findings = OscalFindings.Of(assessment, ids);
            if (findings.Count > 0)
            {
                json.WriteStartArray("findings");
                foreach (var finding in findings)
                {
                    finding.Write(json, ToolUuid);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("back-matter");
            json.WriteStartArray("resources");
            Resource(json, planUuid, "Assessment plan", $"No separate OSCAL assessment plan: the plan is every control of the HIPAA catalog {assessment.CatalogVersion} linked here, assessed from the organization's registers by Telehealth.Compliance.");
            Resource(json, catalogUuid, $"HIPAA catalog {assessment.CatalogVersion}", "The OSCAL catalog whose control statements the findings target: 45 CFR Part 164 Subpart C (Security Rule) and Subpart D (Breach Notification Rule).");
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteEndObject();
            json.WriteEndObject();
        });

        void Resource(Utf8JsonWriter json, string uuid, string title, string description)
        {
            json.WriteStartObject();
            json.WriteString("uuid", uuid);
            json.WriteString("title", title);
            json.WriteString("description", description);
            json.WriteStartArray("rlinks");
            json.WriteStartObject();
            json.WriteString("href", CatalogHref);
            json.WriteString("media-type", CatalogMediaType);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    private static string Description(ComplianceAssessment assessment)
    {
        var all = assessment.Requirements.Select(r => r.Status).Concat(assessment.BreachNotification.Select(b => b.Status)).ToArray();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Assessment of the HIPAA catalog {assessment.CatalogVersion} from the organization's registers (addressable decisions, risks, vendors, evidence, breach assessments): {all.Count(s => s == CoverageStatus.Satisfied)} requirements satisfied, {all.Count(s => s == CoverageStatus.NotSatisfied)} not satisfied, {all.Count(s => s == CoverageStatus.NotAssessed)} not assessed (no finding: neither evidence nor a finding speaks to them).");
    }

    private static void LocalDefinitions(Utf8JsonWriter json, ComplianceAssessment assessment)
    {
        json.WriteStartObject("local-definitions");
        json.WriteStartArray("components");
        Component(json, ToolUuid, "software", "Telehealth.Compliance", "The library that assessed the registers and rated the risks; the origin of the findings, the risk characterizations and the breach observations.");
        Component(json, SystemUuid, "this-system", "Assessed system", $"The system assessed by '{assessment.Title}', the subject of every observation.");
        foreach (var source in assessment.Evidence.Select(e => e.Item.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
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

    private static void Observation(Utf8JsonWriter json, EvidenceStatus evidence)
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

    private static void Observation(Utf8JsonWriter json, BreachStatus breach, DateTimeOffset collected)
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
        json.WriteStartArray("origins");
        json.WriteStartObject();
        json.WriteStartArray("actors");
        json.WriteStartObject();
        json.WriteString("type", "tool");
        json.WriteString("actor-uuid", actorUuid);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartArray("subjects");
        json.WriteStartObject();
        json.WriteString("subject-uuid", SystemUuid);
        json.WriteString("type", "component");
        json.WriteEndObject();
        json.WriteEndArray();
    }
}
