using System.Text.Json.Nodes;

namespace Telehealth.Compliance.Tests.Reports;

/// <summary>
/// The plan of action and milestones (OSCAL POA&amp;M 1.2.1): one item per open finding, each with its owner as a party and
/// its due date as a milestone, valid against the official schema, with breaches, accepted risks and overdue reviews.
/// </summary>
public sealed class OscalPoamTests
{
    private static ComplianceAssessment Assess() => SampleProgram.AssessWithBreachesAcceptedRisksAndOverdueReviews();

    private static JsonNode Poam(ComplianceAssessment assessment) =>
        JsonNode.Parse(new OscalPoamRenderer().Render(assessment))!["plan-of-action-and-milestones"]!;

    [Fact]
    public async Task The_poam_is_valid_oscal()
    {
        var errors = await OscalSchemas.Validate(OscalSchemas.PlanOfActionAndMilestones, new OscalPoamRenderer().Render(Assess()));

        Assert.Empty(errors);
    }

    [Fact]
    public void Without_open_findings_there_is_no_plan_to_export()
    {
        // OSCAL requires at least one item; an empty plan is refused rather than padded with an item that is not one.
        var empty = ComplianceAssessment.Create("Nothing open", SecurityRuleCatalog.Latest, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(SampleProgram.Now));

        var ex = Assert.Throws<ComplianceException>(() => new OscalPoamRenderer().Render(empty));

        Assert.Equal("TH5076", ex.Code);
        Assert.Equal("TH5076: The assessment 'Nothing open' has no open finding, so there is no plan of action and milestones: OSCAL requires at least one item.", ex.Message);
    }

    [Fact]
    public void Every_open_finding_is_an_item_with_its_owner_and_a_milestone_on_its_due_date()
    {
        var assessment = Assess();
        var poam = Poam(assessment);

        var items = poam["poam-items"]!.AsArray();
        var expected = assessment.Findings.Select(f => (f.Code, f.Subject, Target: ComplianceAssessment.TargetOf(assessment.Catalog, f) ?? f.Citation)).Distinct().Count();
        Assert.Equal(expected, items.Count);

        var parties = poam["metadata"]!["parties"]!.AsArray().ToDictionary(p => (string)p!["uuid"]!, p => (string)p!["name"]!);
        var risks = poam["risks"]!.AsArray().ToDictionary(r => (string)r!["uuid"]!, r => r!);
        var overdue = items.Single(i => (string?)i!["title"] == "TH5250 incident-1 (164.404(b))")!;
        var risk = risks[(string)overdue["related-risks"]![0]!["risk-uuid"]!];
        var milestone = risk["remediations"]![0]!["tasks"]![0]!;
        Assert.Equal("milestone", (string?)milestone["type"]);
        Assert.Equal("2026-01-30T23:59:59Z", (string?)milestone["timing"]!["on-date"]!["date"]);
        Assert.Equal("Privacy official", parties[(string)milestone["responsible-roles"]![0]!["party-uuids"]![0]!]);
        Assert.Equal("open", (string?)risk["status"]);
        Assert.Equal("2026-01-30T23:59:59Z", (string?)risk["deadline"]);
    }

    [Fact]
    public void Items_relate_the_findings_observations_and_register_risks_they_come_from()
    {
        var poam = Poam(Assess());
        var findings = poam["findings"]!.AsArray().ToDictionary(f => (string)f!["uuid"]!, f => f!);
        var items = poam["poam-items"]!.AsArray();

        var review = items.Single(i => (string?)i!["title"] == "TH5223 risk-accepted (164.308(a)(1)(ii)(B))")!;
        var finding = findings[(string)review["related-findings"]![0]!["finding-uuid"]!];
        Assert.Equal("hipaa-164.308-a-1-ii-B_smt", (string?)finding["target"]!["target-id"]);
        var relatedRisks = review["related-risks"]!.AsArray().Select(r => (string)r!["risk-uuid"]!).ToArray();
        var accepted = poam["risks"]!.AsArray().Single(r => relatedRisks.Contains((string)r!["uuid"]!) && (string?)r["status"] == "deviation-approved");
        Assert.NotNull(accepted);

        var stale = items.Single(i => (string?)i!["title"] == "TH5240 audit.log-verification (164.312(b))")!;
        Assert.Single(stale["related-observations"]!.AsArray());
        Assert.Contains(poam["observations"]!.AsArray(), o => (string?)o!["uuid"] == (string?)stale["related-observations"]![0]!["observation-uuid"]);
    }

    [Fact]
    public void A_policy_gap_is_an_item_without_a_regulatory_finding()
    {
        var program = new SampleProgram();
        var inventory = new VendorInventory(program.Time);
        inventory.Add(BusinessAssociates.Vendors.Create("cloud-host", BusinessAssociates.Vendors.FullAgreement() with { Clauses = [.. Enum.GetValues<BaaClause>().Except([BaaClause.MultiFactorAuthentication])] }));

        var poam = Poam(ComplianceAssessment.Create("t", program.Catalog, program.Time, vendors: inventory));

        var item = Assert.Single(poam["poam-items"]!.AsArray())!;
        Assert.Equal("TH5213 cloud-host", (string?)item["title"]);
        Assert.Null(item["related-findings"]);
        Assert.Null(poam["findings"]);
        Assert.Single(item["related-risks"]!.AsArray());
    }

    [Fact]
    public void Item_uuids_are_stable_across_exports()
    {
        var first = Poam(Assess())["poam-items"]!.AsArray().ToDictionary(i => (string)i!["title"]!, i => (string)i!["uuid"]!);
        var second = Poam(Assess())["poam-items"]!.AsArray().ToDictionary(i => (string)i!["title"]!, i => (string)i!["uuid"]!);

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_renderer_describes_its_document()
    {
        var renderer = new OscalPoamRenderer();

        Assert.Equal("application/json", renderer.MediaType);
        Assert.Equal(".json", renderer.FileExtension);
        Assert.Throws<ArgumentNullException>("assessment", () => renderer.Render(null!));
    }
}
