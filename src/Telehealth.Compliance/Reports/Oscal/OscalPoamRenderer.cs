using System.Text.Json;

namespace Telehealth.Compliance;

/// <summary>
/// Renders the open findings of an assessment as an OSCAL 1.2.1 plan of action and milestones (JSON): one
/// <c>poam-item</c> per finding and subject (the findings of one record about one requirement are one item), each with
/// its owner as a party in the role <c>finding-owner</c> and a risk whose planned remediation has a milestone on the
/// finding's due date (<see cref="ComplianceFinding.Owner"/> and <see cref="ComplianceFinding.DueOn"/>, completed by the
/// assessment). A regulatory finding is also an OSCAL finding targeting the control statement, with the same UUID as in
/// the assessment results; a policy gap has no target and is an item without one. Items relate the observations (evidence,
/// breach assessments) and the register risks their subject names. UUIDs are name-based on the requirement and subject,
/// so an item keeps its UUID across exports until it is resolved.
/// </summary>
/// <remarks>OSCAL requires at least one item, so an assessment without findings has no plan to render (<c>TH5076</c>).</remarks>
public sealed class OscalPoamRenderer : IComplianceReportRenderer
{
    private const string OwnerRole = "finding-owner";

    /// <summary>Initializes a new instance of the <see cref="OscalPoamRenderer"/> class.</summary>
    /// <param name="catalogHref">
    /// Where the exported catalog, whose statements the findings target, can be read; absolute or relative to the plan.
    /// The default is <see cref="OscalCatalogExporter.DefaultFileName"/>.
    /// </param>
    public OscalPoamRenderer(string catalogHref = OscalCatalogExporter.DefaultFileName)
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
    /// <exception cref="ComplianceException">The assessment has no finding (<c>TH5076</c>).</exception>
    public string Render(ComplianceAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        if (assessment.Findings.Count == 0)
        {
            throw Errors.NothingToPlan(assessment.Title);
        }

        var ids = new OscalIds(assessment);
        var items = assessment.Findings
            .GroupBy(f => (Target: ComplianceAssessment.TargetOf(assessment.Catalog, f), f.Code, f.Subject))
            .Select(g => new Item(g.Key.Target, g.ToArray(), ids))
            .ToArray();
        var owners = items.Select(i => i.Owner).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var subjects = items.Select(i => i.Subject).ToHashSet(StringComparer.Ordinal);
        var evidence = assessment.Evidence.Where(e => subjects.Contains(e.Item.Id)).ToArray();
        var breaches = assessment.Breaches.Where(b => subjects.Contains(b.Assessment.Id)).ToArray();
        var registerRisks = assessment.Risks.Where(r => subjects.Contains(r.Risk.Id)).ToArray();

        return Oscal.Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("plan-of-action-and-milestones");
            json.WriteString("uuid", Oscal.Uuid($"poam/{assessment.Title}"));
            Oscal.Metadata(json, $"{assessment.Title}: plan of action and milestones", assessment.GeneratedAt, Oscal.RevisionOf(assessment.GeneratedAt), more: json =>
            {
                json.WriteStartArray("roles");
                json.WriteStartObject();
                json.WriteString("id", OwnerRole);
                json.WriteString("title", "Finding owner");
                json.WriteString("description", "Who is to resolve a finding by its due date.");
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteStartArray("parties");
                foreach (var owner in owners)
                {
                    json.WriteStartObject();
                    json.WriteString("uuid", PartyUuid(owner));
                    json.WriteString("type", "person");
                    json.WriteString("name", owner);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            });
            json.WriteStartObject("system-id");
            json.WriteString("identifier-type", "https://ietf.org/rfc/rfc4122");
            json.WriteString("id", OscalObservations.SystemUuid);
            json.WriteEndObject();
            OscalObservations.LocalDefinitions(json, assessment, evidence);

            if (evidence.Length > 0 || breaches.Length > 0)
            {
                json.WriteStartArray("observations");
                foreach (var item in evidence)
                {
                    OscalObservations.Write(json, item);
                }

                foreach (var breach in breaches)
                {
                    OscalObservations.Write(json, breach, assessment.GeneratedAt);
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("risks");
            foreach (var item in items)
            {
                item.WriteRisk(json);
            }

            foreach (var risk in registerRisks)
            {
                OscalRisks.Write(json, risk, assessment.RiskScaleName, OscalObservations.ToolUuid);
            }

            json.WriteEndArray();

            if (items.Any(i => i.Finding is not null))
            {
                json.WriteStartArray("findings");
                foreach (var item in items)
                {
                    item.Finding?.Write(json, OscalObservations.ToolUuid);
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("poam-items");
            foreach (var item in items)
            {
                item.WriteItem(json);
            }

            json.WriteEndArray();

            json.WriteStartObject("back-matter");
            json.WriteStartArray("resources");
            Oscal.CatalogResource(json, Oscal.Uuid($"catalog-resource/{assessment.CatalogVersion}"), $"HIPAA catalog {assessment.CatalogVersion}", "The OSCAL catalog whose control statements the findings target.", CatalogHref);
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    private static string PartyUuid(string owner) => Oscal.Uuid($"party/{owner}");

    /// <summary>One item of the plan: the findings of one record about one requirement, or one policy gap.</summary>
    private sealed class Item
    {
        private readonly ComplianceFinding[] _findings;
        private readonly string _key;
        private readonly IReadOnlyList<string> _observations;
        private readonly IReadOnlyList<string> _registerRisks;

        public Item(string? target, ComplianceFinding[] findings, OscalIds ids)
        {
            _findings = findings;
            var first = findings[0];
            Subject = first.Subject;
            _key = $"{target ?? "policy"}/{first.Code}/{first.Subject}";
            Owner = findings.Select(f => f.Owner).FirstOrDefault(o => o is not null) ?? ComplianceAssessmentOptions.DefaultOwnerName;
            DueOn = findings.Min(f => f.DueOn) ?? default;
            Title = first.Citation is { } citation ? $"{first.Code} {first.Subject} ({citation})" : $"{first.Code} {first.Subject}";
            Description = string.Join(" ", findings.Select(f => f.Message));
            _observations = ids.Observations([Subject]);
            _registerRisks = ids.Risks([Subject]);
            Finding = target is null ? null : new OscalFinding(
                $"{target}/{first.Code}/{first.Subject}", $"{target}: {first.Code} {first.Subject}", string.Join(" ", findings.Select(ReportText.Finding)), target,
                satisfied: false, _observations, _registerRisks, first);
        }

        public string Subject { get; }

        public string Owner { get; }

        public DateOnly DueOn { get; }

        public string Title { get; }

        public string Description { get; }

        public OscalFinding? Finding { get; }

        private string RiskUuid => Oscal.Uuid($"poam-risk/{_key}");

        public void WriteRisk(Utf8JsonWriter json)
        {
            var due = Oscal.EndOfDay(DueOn);
            json.WriteStartObject();
            json.WriteString("uuid", RiskUuid);
            json.WriteString("title", Title);
            json.WriteString("description", Description);
            json.WriteString("statement", $"Open until resolved; {Owner} is to resolve it by {ReportText.Date(DueOn)}.");
            json.WriteString("status", "open");
            json.WriteString("deadline", due);
            json.WriteStartArray("remediations");
            json.WriteStartObject();
            json.WriteString("uuid", Oscal.Uuid($"remediation/{_key}"));
            json.WriteString("lifecycle", "planned");
            json.WriteString("title", $"Resolve {_findings[0].Code} for {Subject}");
            json.WriteString("description", Description);
            json.WriteStartArray("tasks");
            json.WriteStartObject();
            json.WriteString("uuid", Oscal.Uuid($"milestone/{_key}"));
            json.WriteString("type", "milestone");
            json.WriteString("title", $"Resolved by {ReportText.Date(DueOn)}");
            json.WriteStartObject("timing");
            json.WriteStartObject("on-date");
            json.WriteString("date", due);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("responsible-roles");
            json.WriteStartObject();
            json.WriteString("role-id", OwnerRole);
            json.WriteStartArray("party-uuids");
            json.WriteStringValue(PartyUuid(Owner));
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            Oscal.Related(json, "related-observations", "observation-uuid", _observations);
            json.WriteEndObject();
        }

        public void WriteItem(Utf8JsonWriter json)
        {
            json.WriteStartObject();
            json.WriteString("uuid", Oscal.Uuid($"poam-item/{_key}"));
            json.WriteString("title", Title);
            json.WriteString("description", Description);
            json.WriteStartArray("props");
            Oscal.Prop(json, "finding-code", _findings[0].Code);
            Oscal.Prop(json, "owner", Owner);
            Oscal.Prop(json, "due-date", ReportText.Date(DueOn));
            json.WriteEndArray();
            Oscal.ToolOrigin(json, OscalObservations.ToolUuid);
            if (Finding is not null)
            {
                Oscal.Related(json, "related-findings", "finding-uuid", [Finding.Uuid]);
            }

            Oscal.Related(json, "related-observations", "observation-uuid", _observations);
            Oscal.Related(json, "related-risks", "risk-uuid", [RiskUuid, .. _registerRisks]);
            json.WriteEndObject();
        }
    }
}
