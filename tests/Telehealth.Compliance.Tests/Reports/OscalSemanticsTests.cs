using System.Text.Json.Nodes;

namespace Telehealth.Compliance.Tests.Reports;

/// <summary>
/// What an OSCAL tool relies on beyond schema validity: the assessment results resolve to the catalog they assess,
/// findings target statements that exist in it, only assessed requirements become findings, UUIDs identify the same
/// subject from one export to the next, and observations say what was observed and by whom.
/// </summary>
public sealed class OscalSemanticsTests
{
    private const string CatalogHref = "https://clinic.example/compliance/oscal/catalog.json";

    private static JsonNode Results(SampleProgram program) =>
        JsonNode.Parse(new OscalAssessmentResultsRenderer(CatalogHref).Render(program.Assess()))!["assessment-results"]!;

    private static JsonNode Catalog() =>
        JsonNode.Parse(OscalCatalogExporter.Export(SecurityRuleCatalog.Latest, SampleProgram.Now))!["catalog"]!;

    private static IEnumerable<JsonNode> Controls(JsonNode catalog) =>
        catalog["groups"]!.AsArray().SelectMany(g => g!["controls"]!.AsArray())
            .SelectMany(c => new[] { c! }.Concat(c!["controls"]?.AsArray().Select(x => x!) ?? []));

    [Fact]
    public void Import_ap_resolves_to_a_back_matter_resource_that_links_the_catalog()
    {
        var results = Results(new SampleProgram());

        var href = (string)results["import-ap"]!["href"]!;
        Assert.StartsWith("#", href, StringComparison.Ordinal);
        var resources = results["back-matter"]!["resources"]!.AsArray();
        var plan = resources.Single(r => (string?)r!["uuid"] == href[1..])!;
        Assert.Equal(CatalogHref, (string?)plan["rlinks"]![0]!["href"]);
        Assert.Contains(resources, r => (string?)r!["rlinks"]![0]!["href"] == CatalogHref && (string?)r["rlinks"]![0]!["media-type"] == "application/oscal.catalog+json");
    }

    [Fact]
    public void The_default_catalog_href_is_the_file_name_the_catalog_is_exported_under() =>
        Assert.Contains(
            $"\"href\": \"{OscalCatalogExporter.DefaultFileName}\"",
            new OscalAssessmentResultsRenderer().Render(new SampleProgram().Assess()),
            StringComparison.Ordinal);

    [Fact]
    public void Catalog_controls_carry_statement_parts()
    {
        var controls = Controls(Catalog()).ToArray();

        Assert.Equal(68, controls.Length);
        Assert.All(controls, c =>
        {
            var statement = c["parts"]!.AsArray().Single(p => (string?)p!["name"] == "statement")!;
            Assert.Equal((string?)c["id"] + "_smt", (string?)statement["id"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)statement["prose"]));
        });
        var audit = controls.Single(c => (string?)c["id"] == "hipaa-164.312-b");
        Assert.StartsWith("Implement hardware, software, and/or procedural mechanisms that record and examine activity", (string?)audit["parts"]![0]!["prose"], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_entry_and_breach_notification_section_has_a_statement()
    {
        Assert.All(SecurityRuleCatalog.Latest.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Statement)));
        Assert.All(SecurityRuleCatalog.Latest.BreachNotification, b => Assert.False(string.IsNullOrWhiteSpace(b.Statement)));
        Assert.Equal(SecurityRuleCatalog.Latest.Entries.Count, SecurityRuleCatalog.Latest.Entries.Select(e => e.Statement).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Findings_target_statements_of_the_catalog_by_statement_id()
    {
        var statements = Controls(Catalog()).Select(c => (string)c["parts"]![0]!["id"]!).ToHashSet(StringComparer.Ordinal);

        var findings = Results(new SampleProgram())["results"]![0]!["findings"]!.AsArray();

        Assert.NotEmpty(findings);
        Assert.All(findings, f =>
        {
            Assert.Equal("statement-id", (string?)f!["target"]!["type"]);
            Assert.Contains((string)f["target"]!["target-id"]!, statements);
        });
    }

    [Fact]
    public void Not_assessed_requirements_are_not_exported_as_not_satisfied()
    {
        var program = new SampleProgram();
        var assessment = program.Assess();
        var findings = Results(program)["results"]![0]!["findings"]!.AsArray();

        Assert.DoesNotContain(findings, f => (string?)f!["target"]!["status"]!["reason"] == "other");
        var targets = findings.Select(f => (string)f!["target"]!["target-id"]!).ToHashSet(StringComparer.Ordinal);
        var notAssessed = assessment.Requirements.Where(r => r.Status == CoverageStatus.NotAssessed).ToArray();
        Assert.NotEmpty(notAssessed);
        Assert.All(notAssessed, r => Assert.DoesNotContain($"hipaa-{r.Entry.Citation.Replace(")(", "-", StringComparison.Ordinal).Replace("(", "-", StringComparison.Ordinal).Replace(")", string.Empty, StringComparison.Ordinal)}_smt", targets));
    }

    [Fact]
    public void A_not_satisfied_requirement_has_one_finding_per_subject_and_a_standard_names_its_failing_specification()
    {
        var findings = Results(new SampleProgram())["results"]![0]!["findings"]!.AsArray();

        var contracts = findings.Where(f => (string?)f!["target"]!["target-id"] == "hipaa-164.308-b-1_smt").ToArray();
        Assert.Contains(contracts, f => (string?)f!["title"] == "164.308(b)(1): TH5201 sms-gateway");
        Assert.All(contracts, f => Assert.Equal("not-satisfied", (string?)f!["target"]!["status"]!["state"]));
        var access = findings.Single(f => (string?)f!["target"]!["target-id"] == "hipaa-164.312-a-1_smt")!;
        Assert.Contains("164.312(a)(2)(iv) Encryption and decryption is not satisfied", (string?)access["description"], StringComparison.Ordinal);
    }

    [Fact]
    public void Finding_observation_and_risk_uuids_are_stable_across_exports_for_the_same_subject()
    {
        var first = new SampleProgram();
        var second = new SampleProgram();
        second.Time.Advance(TimeSpan.FromHours(2)); // another export, later, of the same registers

        static Dictionary<string, string> Uuids(JsonNode results, string array) =>
            results["results"]![0]![array]!.AsArray().ToDictionary(x => (string)x!["title"]!, x => (string)x!["uuid"]!);

        var a = Results(first);
        var b = Results(second);

        Assert.NotEqual((string?)a["metadata"]!["last-modified"], (string?)b["metadata"]!["last-modified"]);
        Assert.Equal((string?)a["uuid"], (string?)b["uuid"]);
        foreach (var array in new[] { "findings", "observations", "risks" })
        {
            var before = Uuids(a, array);
            var after = Uuids(b, array);
            Assert.NotEmpty(before);
            Assert.All(before.Keys.Intersect(after.Keys), key => Assert.Equal(before[key], after[key]));
        }

        Assert.Equal(Uuids(a, "findings")["164.308(b)(1): TH5201 sms-gateway"], Uuids(b, "findings")["164.308(b)(1): TH5201 sms-gateway"]);
    }

    [Fact]
    public void Observations_carry_subjects_and_origins_defined_in_the_result()
    {
        var result = Results(new SampleProgram())["results"]![0]!;
        var components = result["local-definitions"]!["components"]!.AsArray().ToDictionary(c => (string)c!["uuid"]!, c => (string)c!["type"]!);

        var observations = result["observations"]!.AsArray();
        Assert.NotEmpty(observations);
        Assert.All(observations, o =>
        {
            var subject = Assert.Single(o!["subjects"]!.AsArray())!;
            Assert.Equal("component", (string?)subject["type"]);
            Assert.Equal("this-system", components[(string)subject["subject-uuid"]!]);
            var actor = o["origins"]![0]!["actors"]![0]!;
            Assert.Equal("tool", (string?)actor["type"]);
            Assert.True(components.ContainsKey((string)actor["actor-uuid"]!));
        });
        var mfa = observations.Single(o => (string?)o!["title"] == "identity.mfa-enrollment")!;
        Assert.Equal("sample", (string?)result["local-definitions"]!["components"]!.AsArray().Single(c => (string?)c!["uuid"] == (string?)mfa["origins"]![0]!["actors"]![0]!["actor-uuid"])!["title"]);
    }

    [Theory]
    [InlineData("Age of the last trusted signed checkpoint; threshold 5 minutes while entries are uncovered.", "Age of the last trusted signed checkpoint; threshold 5 minutes while entries are uncovered: 0.02 minutes")]
    [InlineData("Share of vendors with an agreement:", "Share of vendors with an agreement: 0.02 minutes")]
    [InlineData("Key age", "Key age: 0.02 minutes")]
    public void Observation_text_does_not_put_a_colon_after_a_full_stop(string description, string expected)
    {
        var item = new EvidenceItem
        {
            Id = "audit.checkpoint-age",
            Observation = new EvidenceObservation { Description = description, Metric = "audit.checkpoint-age", Value = 0.02m, Unit = "minutes" },
            Source = "telehealth.audit.log-verification",
            CollectedAt = SampleProgram.Now,
            ExpiresAt = SampleProgram.Now.AddDays(1),
            Kind = EvidenceKind.RuntimeMeasurement,
            Citations = ["164.312(b)"],
        };
        var evidence = new EvidenceRegister(SecurityRuleCatalog.Latest, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(SampleProgram.Now));
        evidence.Add(item);
        var assessment = ComplianceAssessment.Create("t", SecurityRuleCatalog.Latest, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(SampleProgram.Now), evidence: evidence);

        var observation = JsonNode.Parse(new OscalAssessmentResultsRenderer().Render(assessment))!["assessment-results"]!["results"]![0]!["observations"]![0]!;

        Assert.Equal(expected, (string?)observation["description"]);
        Assert.Contains(MarkdownReportRenderer.Escape(expected), new MarkdownReportRenderer().Render(assessment), StringComparison.Ordinal);
    }
}
