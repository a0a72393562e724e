using System.Text.Json.Nodes;
using NJsonSchema;

namespace Telehealth.Compliance.Tests.Reports;

/// <summary>The OSCAL exports validate against the official NIST OSCAL 1.2.1 JSON schemas (NJsonSchema), and broken ones do not.</summary>
public sealed class OscalSchemaTests
{
    private static readonly Lazy<Task<JsonSchema>> CatalogSchema = OscalSchemas.Catalog;
    private static readonly Lazy<Task<JsonSchema>> ResultsSchema = OscalSchemas.AssessmentResults;

    private static string Catalog() => OscalCatalogExporter.Export(SecurityRuleCatalog.Latest, SampleProgram.Now);

    private static string Results() => new OscalAssessmentResultsRenderer().Render(new SampleProgram().Assess());

    private static Task<IReadOnlyList<string>> Validate(Lazy<Task<JsonSchema>> schema, string json) => OscalSchemas.Validate(schema, json);

    [Fact]
    public async Task Catalog_export_is_valid_oscal()
    {
        var errors = await Validate(CatalogSchema, Catalog());

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Assessment_results_export_is_valid_oscal()
    {
        var errors = await Validate(ResultsSchema, Results());

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Assessment_results_with_breaches_accepted_risks_and_overdue_reviews_are_valid_oscal()
    {
        var assessment = SampleProgram.AssessWithBreachesAcceptedRisksAndOverdueReviews();
        var codes = assessment.Findings.Select(f => f.Code).ToHashSet();
        Assert.Superset(new HashSet<string> { FindingCodes.BreachNoticeOverdue, FindingCodes.RiskAcceptanceReviewOverdue, FindingCodes.AddressableDecisionReviewOverdue, FindingCodes.VendorReviewOverdue }, codes);
        Assert.Contains(assessment.Breaches, b => b.State == BreachNotificationState.PendingAnnualLog);
        Assert.Contains(assessment.Risks, r => r.Risk.Status == RiskStatus.Accepted);

        Assert.Empty(await Validate(ResultsSchema, new OscalAssessmentResultsRenderer().Render(assessment)));
        Assert.Empty(await Validate(OscalSchemas.PlanOfActionAndMilestones, new OscalPoamRenderer().Render(assessment)));
    }

    [Fact]
    public async Task Assessment_results_without_registers_is_valid_oscal()
    {
        var empty = ComplianceAssessment.Create("Catalog only", SecurityRuleCatalog.Latest, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(SampleProgram.Now));

        Assert.Empty(await Validate(ResultsSchema, new OscalAssessmentResultsRenderer().Render(empty)));
    }

    [Theory]
    [InlineData("uuid")]
    [InlineData("controls")]
    [InlineData("metadata")]
    public async Task A_broken_catalog_fails_validation(string breakage)
    {
        var catalog = JsonNode.Parse(Catalog())!;
        var root = catalog["catalog"]!;
        switch (breakage)
        {
            case "uuid":
                root["uuid"] = "not-a-uuid";
                break;
            case "controls":
                root["groups"]![0]!["controls"]![0]!["id"] = "164.308(a)(1)"; // not an OSCAL token
                break;
            default:
                root.AsObject().Remove("metadata");
                break;
        }

        Assert.NotEmpty(await Validate(CatalogSchema, catalog.ToJsonString()));
    }

    [Theory]
    [InlineData("state")]
    [InlineData("target-type")]
    [InlineData("collected")]
    [InlineData("import-ap")]
    public async Task Broken_assessment_results_fail_validation(string breakage)
    {
        var results = JsonNode.Parse(Results())!;
        var root = results["assessment-results"]!;
        var result = root["results"]![0]!;
        switch (breakage)
        {
            case "state":
                result["findings"]![0]!["target"]!["status"]!["state"] = "partially-satisfied";
                break;
            case "target-type":
                result["findings"]![0]!["target"]!["type"] = "control-id"; // not a finding target type
                break;
            case "collected":
                result["observations"]![0]!["collected"] = "yesterday";
                break;
            default:
                root.AsObject().Remove("import-ap");
                break;
        }

        Assert.NotEmpty(await Validate(ResultsSchema, results.ToJsonString()));
    }

    [Fact]
    public void Catalog_holds_every_entry_with_unique_control_ids_and_labels()
    {
        var catalog = JsonNode.Parse(Catalog())!["catalog"]!;
        var controls = catalog["groups"]!.AsArray()
            .SelectMany(g => g!["controls"]!.AsArray())
            .SelectMany(c => new[] { c! }.Concat(c!["controls"]?.AsArray().Select(x => x!) ?? []))
            .ToArray();

        Assert.Equal(6, catalog["groups"]!.AsArray().Count); // five sections of Subpart C, then Subpart D
        Assert.Equal("2013-omnibus", (string?)catalog["metadata"]!["version"]);
        Assert.Equal("source", (string?)catalog["metadata"]!["links"]![0]!["rel"]);
        Assert.Equal(63 + 5, controls.Length);
        Assert.Equal(22, controls.Count(c => (string?)c["class"] == "standard"));
        Assert.Equal(5, controls.Count(c => (string?)c["class"] == "breach-notification"));
        Assert.Equal(68, controls.Select(c => (string?)c["id"]).Distinct().Count());
        Assert.Equal(
            SecurityRuleCatalog.Latest.Entries.Select(e => e.Citation).Concat(SecurityRuleCatalog.Latest.BreachNotification.Select(b => b.Citation)),
            controls.Select(c => (string?)c["props"]![0]!["value"]));
        var encryption = controls.Single(c => (string?)c["id"] == "hipaa-164.312-a-2-iv");
        Assert.Equal("Encryption and decryption", (string?)encryption["title"]);
        Assert.Equal("addressable", (string?)encryption["props"]![1]!["value"]);
        Assert.Equal(Catalog(), Catalog()); // name-based UUIDs: the same catalog exports the same document
    }

    [Fact]
    public void Assessment_results_hold_observations_risks_and_findings_of_the_assessed_requirements()
    {
        var assessment = new SampleProgram().Assess();
        var result = JsonNode.Parse(Results())!["assessment-results"]!["results"]![0]!;

        Assert.Equal(3, result["observations"]!.AsArray().Count);
        Assert.Equal(3, result["risks"]!.AsArray().Count);
        var findings = result["findings"]!.AsArray();
        Assert.Equal(assessment.Requirements.Count(r => r.Status == CoverageStatus.Satisfied), findings.Count(f => (string?)f!["target"]!["status"]!["state"] == "satisfied"));
        var mfa = findings.Single(f => (string?)f!["target"]!["target-id"] == "hipaa-164.312-d_smt")!;
        Assert.Equal("satisfied", (string?)mfa["target"]!["status"]!["state"]);
        Assert.Equal("pass", (string?)mfa["target"]!["status"]!["reason"]);
        Assert.Equal("Satisfied by current evidence identity.mfa-enrollment.", (string?)mfa["description"]);
        var contracts = findings.Where(f => (string?)f!["target"]!["target-id"] == "hipaa-164.308-b-1_smt").ToArray();
        Assert.All(contracts, f => Assert.Equal("fail", (string?)f!["target"]!["status"]!["reason"]));
        Assert.Contains(contracts, f => (string?)f!["props"]![0]!["value"] == "TH5201");
        var closed = result["risks"]!.AsArray().Single(r => (string?)r!["props"]![0]!["value"] == "risk-3")!;
        Assert.Equal("closed", (string?)closed["status"]);
        Assert.Single(closed["related-observations"]!.AsArray());

        // The risk characterizations name their origin, the tool defined in the result's local definitions.
        var tool = result["local-definitions"]!["components"]![0]!;
        Assert.Equal("Telehealth.Compliance", (string?)tool["title"]);
        Assert.Equal((string?)tool["uuid"], (string?)closed["characterizations"]![0]!["origin"]!["actors"]![0]!["actor-uuid"]);
        Assert.Equal(["likelihood", "impact", "risk"], closed["characterizations"]![0]!["facets"]!.AsArray().Select(f => (string?)f!["name"]));
    }

    [Fact]
    public void Uuids_are_name_based_version_5()
    {
        var uuid = Oscal.Uuid("risk/risk-1");

        Assert.Equal(uuid, Oscal.Uuid("risk/risk-1"));
        Assert.NotEqual(uuid, Oscal.Uuid("risk/risk-2"));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", uuid);
    }

    [Theory]
    [InlineData("164.308(a)(1)(ii)(A)", "hipaa-164.308-a-1-ii-A")]
    [InlineData("164.312(b)", "hipaa-164.312-b")]
    [InlineData("164.308(b)(3)", "hipaa-164.308-b-3")]
    public void Control_ids_follow_the_citation(string citation, string id) => Assert.Equal(id, Oscal.ControlId(citation));
}
