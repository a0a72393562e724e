using System.Globalization;

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
            OscalObservations.LocalDefinitions(json, assessment, assessment.Evidence);
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
                    OscalObservations.Write(json, evidence);
                }

                foreach (var breach in assessment.Breaches)
                {
                    OscalObservations.Write(json, breach, assessment.GeneratedAt);
                }

                json.WriteEndArray();
            }

            if (assessment.Risks.Count > 0)
            {
                json.WriteStartArray("risks");
                foreach (var risk in assessment.Risks)
                {
                    OscalRisks.Write(json, risk, assessment.RiskScaleName, OscalObservations.ToolUuid);
                }

                json.WriteEndArray();
            }

            var findings = OscalFindings.Of(assessment, ids);
            if (findings.Count > 0)
            {
                json.WriteStartArray("findings");
                foreach (var finding in findings)
                {
                    finding.Write(json, OscalObservations.ToolUuid);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("back-matter");
            json.WriteStartArray("resources");
            Oscal.CatalogResource(json, planUuid, "Assessment plan", $"No separate OSCAL assessment plan: the plan is every control of the HIPAA catalog {assessment.CatalogVersion} linked here, assessed from the organization's registers by Telehealth.Compliance.", CatalogHref);
            Oscal.CatalogResource(json, catalogUuid, $"HIPAA catalog {assessment.CatalogVersion}", "The OSCAL catalog whose control statements the findings target: 45 CFR Part 164 Subpart C (Security Rule) and Subpart D (Breach Notification Rule).", CatalogHref);
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    private static string Description(ComplianceAssessment assessment)
    {
        var all = assessment.Requirements.Select(r => r.Status).Concat(assessment.BreachNotification.Select(b => b.Status)).ToArray();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Assessment of the HIPAA catalog {assessment.CatalogVersion} from the organization's registers (addressable decisions, risks, vendors, evidence, breach assessments): {all.Count(s => s == CoverageStatus.Satisfied)} requirements satisfied, {all.Count(s => s == CoverageStatus.NotSatisfied)} not satisfied, {all.Count(s => s == CoverageStatus.NotAssessed)} not assessed (no finding: neither evidence nor a finding speaks to them).");
    }
}
