using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.BusinessAssociates;

public sealed class VendorInventoryTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly VendorInventory _inventory;

    public VendorInventoryTests()
    {
        _inventory = new VendorInventory(_time);
    }

    private static PhiFlow Flow(string to, string from = "ehr") => new()
    {
        From = from,
        To = to,
        Purpose = "video visits",
        PhiTypes = ["video"],
        RecordsPerYear = 12_000,
    };

    [Fact]
    public void Vendor_with_active_agreement_and_flow_has_no_findings()
    {
        _inventory.Add(Vendors.Create("video-relay"));
        _inventory.AddFlow(Flow("video-relay"));

        Assert.Empty(_inventory.Check());
        Assert.True(_inventory.HasActiveAgreement("video-relay"));
    }

    [Theory]
    [InlineData(BaaStatus.Draft)]
    [InlineData(BaaStatus.Expired)]
    [InlineData(BaaStatus.Terminated)]
    public void Phi_flow_to_a_vendor_without_an_active_agreement_is_reported(BaaStatus status)
    {
        _inventory.Add(Vendors.Create("sms-gateway", Vendors.FullAgreement() with { Status = status, SignedOn = status == BaaStatus.Draft ? null : new DateOnly(2025, 1, 1) }));
        _inventory.AddFlow(Flow("sms-gateway"));

        var finding = Assert.Single(_inventory.Check(), f => f.Code == FindingCodes.PhiFlowWithoutActiveBaa);
        Assert.Equal("sms-gateway", finding.Subject);
        Assert.Equal("164.308(b)(1)", finding.Citation);
        Assert.Equal($"PHI flows from 'ehr' for 'video visits' to a vendor without an active business associate agreement (status {status}).", finding.Message);
    }

    [Fact]
    public void Phi_flow_to_a_vendor_without_any_agreement_is_reported()
    {
        _inventory.Add(Vendors.Create("sms-gateway") with { Agreement = null });
        _inventory.AddFlow(Flow("sms-gateway"));

        Assert.Single(_inventory.Check(), f => f.Code == FindingCodes.PhiFlowWithoutActiveBaa);
        Assert.False(_inventory.HasActiveAgreement("sms-gateway"));
    }

    [Fact]
    public void A_vendor_without_agreement_and_without_flows_is_not_reported_for_flows()
    {
        _inventory.Add(Vendors.Create("prospect") with { Agreement = null });

        Assert.DoesNotContain(_inventory.Check(), f => f.Code == FindingCodes.PhiFlowWithoutActiveBaa);
    }

    [Fact]
    public void Removing_the_flow_to_a_terminated_vendor_clears_the_finding()
    {
        _inventory.Add(Vendors.Create("sms-gateway", Vendors.FullAgreement() with { Status = BaaStatus.Terminated }));
        _inventory.AddFlow(Flow("sms-gateway"));
        _inventory.AddFlow(Flow("sms-gateway", from: "scheduler"));
        Assert.Equal(2, _inventory.Check().Count(f => f.Code == FindingCodes.PhiFlowWithoutActiveBaa));

        Assert.Equal(2, _inventory.RemoveFlows(f => f.To == "sms-gateway"));

        Assert.Empty(_inventory.Check());
        Assert.Empty(_inventory.Flows);
        Assert.Throws<ArgumentNullException>("match", () => _inventory.RemoveFlows(null!));
    }

    [Fact]
    public void Renewal_is_due_within_the_notice_window_and_the_agreement_lapses_after_its_date()
    {
        _inventory.Add(Vendors.Create("video-relay", Vendors.FullAgreement() with { RenewalDueOn = new DateOnly(2026, 5, 31) }) with { LastReviewedOn = new DateOnly(2026, 2, 27) });
        _inventory.AddFlow(Flow("video-relay"));

        Assert.Empty(_inventory.Check()); // 91 days before the renewal date

        _time.Advance(TimeSpan.FromDays(31)); // 2026-04-01: 60 days before
        var due = Assert.Single(_inventory.Check());
        Assert.Equal(FindingCodes.BaaRenewalDue, due.Code);
        Assert.Equal(new DateOnly(2026, 5, 31), due.DueOn);
        Assert.Equal("TH5204 video-relay: The business associate agreement is due for renewal. (due 2026-05-31)", due.ToString());

        _time.Advance(TimeSpan.FromDays(60)); // 2026-05-31: the last day of the term
        Assert.True(_inventory.HasActiveAgreement("video-relay"));

        _time.Advance(TimeSpan.FromDays(1)); // 2026-06-01
        Assert.False(_inventory.HasActiveAgreement("video-relay"));
        Assert.Equal([FindingCodes.BaaLapsed, FindingCodes.PhiFlowWithoutActiveBaa], _inventory.Check().Select(f => f.Code));
    }

    [Fact]
    public void Annual_review_is_due_then_overdue()
    {
        _inventory.Add(Vendors.Create("video-relay")); // reviewed 2026-02-01, next due 2027-02-01

        _time.Advance(TimeSpan.FromDays(306)); // 2027-01-01
        Assert.Empty(_inventory.Check());

        _time.Advance(TimeSpan.FromDays(1)); // 2027-01-02: 30 days before
        var due = Assert.Single(_inventory.Check());
        Assert.Equal(FindingCodes.VendorReviewDue, due.Code);
        Assert.Equal(new DateOnly(2027, 2, 1), due.DueOn);

        _time.Advance(TimeSpan.FromDays(31)); // 2027-02-02
        Assert.Equal(FindingCodes.VendorReviewOverdue, Assert.Single(_inventory.Check()).Code);

        _inventory.Update(Vendors.Create("video-relay") with { LastReviewedOn = new DateOnly(2027, 2, 2) });
        Assert.Empty(_inventory.Check());
    }

    [Fact]
    public void Never_reviewed_vendor_is_overdue_but_a_terminated_one_is_not_reviewed()
    {
        _inventory.Add(Vendors.Create("new-vendor") with { LastReviewedOn = null });
        _inventory.Add(Vendors.Create("old-vendor", Vendors.FullAgreement() with { Status = BaaStatus.Terminated }) with { LastReviewedOn = null });

        var finding = Assert.Single(_inventory.Check());
        Assert.Equal(FindingCodes.VendorReviewOverdue, finding.Code);
        Assert.Equal("new-vendor", finding.Subject);
        Assert.Null(finding.DueOn);
    }

    [Fact]
    public void Clause_findings_of_every_vendor_are_included()
    {
        var inventory = new VendorInventory(_time, new BaaPolicy { MaxBreachNotificationDays = 5 });
        inventory.Add(Vendors.Create("video-relay"));

        var finding = Assert.Single(inventory.Check());
        Assert.Equal(FindingCodes.BaaClauseWeakerThanPolicy, finding.Code);
        Assert.Same(inventory.Policy, inventory.Validator.Policy);
    }

    /// <summary>cloud-host (BA) engages storage (subcontractor), which engages backup, which engages archive: three levels below the BA.</summary>
    private void AddThreeLevelGraph(BusinessAssociateAgreement storage, BusinessAssociateAgreement backup, BusinessAssociateAgreement archive)
    {
        _inventory.Add(Vendors.Create("cloud-host", null, "storage"));
        _inventory.Add(Vendors.Create("storage", storage, "backup"));
        _inventory.Add(Vendors.Create("backup", backup, "archive"));
        _inventory.Add(Vendors.Create("archive", archive));
        _inventory.AddFlow(Flow("cloud-host"));
        _inventory.AddFlow(Flow("storage", from: "cloud-host"));
        _inventory.AddFlow(Flow("backup", from: "storage"));
        _inventory.AddFlow(Flow("archive", from: "backup"));
    }

    [Fact]
    public void Flow_down_present_at_every_level_of_a_three_level_graph_has_no_findings()
    {
        AddThreeLevelGraph(Vendors.FullAgreement(), Vendors.FullAgreement(), Vendors.FullAgreement() with { BreachNotificationDays = 5 });

        Assert.Empty(_inventory.Check());
    }

    [Fact]
    public void Gaps_at_the_deepest_level_are_reported_against_that_level()
    {
        var archive = Vendors.FullAgreement() with
        {
            Clauses = [.. Enum.GetValues<BaaClause>().Except([BaaClause.ReturnOrDestruction, BaaClause.MultiFactorAuthentication])],
            BreachNotificationDays = 20,
        };
        var inventory = new VendorInventory(_time, new BaaPolicy { RequiredClauses = [], MaxBreachNotificationDays = 30 });
        inventory.Add(Vendors.Create("cloud-host", null, "storage"));
        inventory.Add(Vendors.Create("storage", null, "backup"));
        inventory.Add(Vendors.Create("backup", null, "archive"));
        inventory.Add(Vendors.Create("archive", archive));

        var findings = inventory.Check().Where(f => f.Code != FindingCodes.BaaClauseMissing).ToArray();

        Assert.All(findings, f => Assert.Equal(FindingCodes.FlowDownNotMet, f.Code));
        Assert.All(findings, f => Assert.Equal("archive", f.Subject));
        Assert.Equal(
            [
                "The agreement of the subcontractor of 'backup' lacks the clause 'Multi-factor authentication'.",
                "The agreement of the subcontractor of 'backup' lacks the clause 'Return or destruction at termination'.",
                "The agreement of the subcontractor of 'backup' states a breach notification period of 20 days, weaker than the 10 days above it.",
            ],
            findings.Select(f => f.Message));

        // A policy clause that does not flow down is a policy gap; what the rule requires flows down by 164.314(a)(2)(i)(B).
        Assert.Equal([null, "164.314(a)(2)(i)(B)", "164.314(a)(2)(i)(B)"], findings.Select(f => f.Citation));
        Assert.Equal(FindingCodes.BaaClauseMissing, Assert.Single(inventory.Check(), f => f.Code == FindingCodes.BaaClauseMissing).Code);
    }

    [Fact]
    public void Missing_flow_down_clause_in_the_middle_and_missing_agreement_at_the_bottom_are_reported()
    {
        var backup = Vendors.FullAgreement() with { Clauses = [.. Enum.GetValues<BaaClause>().Except([BaaClause.SubcontractorFlowDown])] };
        AddThreeLevelGraph(Vendors.FullAgreement(), backup, Vendors.FullAgreement() with { Status = BaaStatus.Draft, SignedOn = null });

        var findings = _inventory.Check();

        Assert.Contains(findings, f => f is { Code: FindingCodes.FlowDownClauseMissing, Subject: "backup", Citation: "164.314(a)(2)(i)(B)" });
        Assert.Contains(findings, f => f is { Code: FindingCodes.FlowDownNotMet, Subject: "backup" } && f.Message.Contains("Subcontractor flow-down", StringComparison.Ordinal));
        Assert.Contains(findings, f => f is { Code: FindingCodes.SubcontractorWithoutActiveBaa, Subject: "archive", Citation: "164.314(a)(2)(iii)" });
        Assert.Contains(findings, f => f is { Code: FindingCodes.PhiFlowWithoutActiveBaa, Subject: "archive" });
        Assert.DoesNotContain(findings, f => f.Subject is "cloud-host" or "storage");
    }

    [Fact]
    public async Task A_cycle_in_the_subcontractor_graph_is_reported_once_and_does_not_hang()
    {
        _inventory.Add(Vendors.Create("a", null, "b"));
        _inventory.Add(Vendors.Create("b", null, "c"));
        _inventory.Add(Vendors.Create("c", null, "a", "c"));

        var findings = await Task.Run(_inventory.Check).WaitAsync(TimeSpan.FromSeconds(10));

        var cycles = findings.Where(f => f.Code == FindingCodes.SubcontractorCycle).Select(f => f.Message).ToArray();
        Assert.Equal(
            [
                "The subcontractor graph has a cycle: a > b > c > a.",
                "The subcontractor graph has a cycle: c > c.",
            ],
            cycles);
    }

    [Fact]
    public void Unknown_subcontractor_is_reported()
    {
        _inventory.Add(Vendors.Create("cloud-host", null, "not-yet-added"));

        var finding = Assert.Single(_inventory.Check());
        Assert.Equal(FindingCodes.UnknownSubcontractor, finding.Code);
        Assert.Equal("The subcontractor 'not-yet-added' is not in the inventory.", finding.Message);
    }

    [Theory]
    [InlineData("Video Relay", "TH5023")]
    [InlineData("", "TH5023")]
    [InlineData("video-", "TH5023")]
    public void Malformed_vendor_id_is_rejected(string id, string code) =>
        Assert.Equal(code, Assert.Throws<ComplianceException>(() => _inventory.Add(Vendors.Create("x") with { Id = id })).Code);

    [Fact]
    public void Invalid_vendors_are_rejected_with_stable_codes()
    {
        Assert.Equal("TH5026: Vendor.ExecutiveOwner is required and must not be blank.", Assert.Throws<ComplianceException>(() => _inventory.Add(Vendors.Create("x") with { ExecutiveOwner = " " })).Message);
        Assert.Equal("TH5026", Assert.Throws<ComplianceException>(() => _inventory.Add(Vendors.Create("x") with { SubcontractorIds = [""] })).Code);
        Assert.Equal("TH5027", Assert.Throws<ComplianceException>(() => _inventory.Add(Vendors.Create("x", Vendors.FullAgreement() with { SignedOn = null }))).Code);
        Assert.Equal("TH5028", Assert.Throws<ComplianceException>(() => _inventory.Add(Vendors.Create("x", Vendors.FullAgreement() with { RenewalDueOn = new DateOnly(2026, 1, 10) }))).Code);
        Assert.Equal("TH5029", Assert.Throws<ComplianceException>(() => _inventory.Add(Vendors.Create("x", Vendors.FullAgreement() with { BreachNotificationDays = 0 }))).Code);
        Assert.Equal("TH5030", Assert.Throws<ComplianceException>(() => _inventory.Add(Vendors.Create("x", Vendors.FullAgreement() with { Clauses = [(BaaClause)42] }))).Code);
        Assert.Empty(_inventory.Vendors);
    }

    [Fact]
    public void Duplicate_and_unknown_ids_are_rejected()
    {
        _inventory.Add(Vendors.Create("x"));

        Assert.Equal("TH5024: A vendor with id 'x' is already recorded.", Assert.Throws<ComplianceException>(() => _inventory.Add(Vendors.Create("x"))).Message);
        Assert.Equal("TH5025: No vendor with id 'y' is recorded.", Assert.Throws<ComplianceException>(() => _inventory.Update(Vendors.Create("y"))).Message);
        Assert.Equal("TH5025", Assert.Throws<ComplianceException>(() => _inventory.AddFlow(Flow("y"))).Code);
        Assert.Equal("TH5026", Assert.Throws<ComplianceException>(() => _inventory.AddFlow(Flow("x") with { Purpose = "" })).Code);
        Assert.Equal("TH5029", Assert.Throws<ComplianceException>(() => _inventory.AddFlow(Flow("x") with { RecordsPerYear = -1 })).Code);
        Assert.Empty(_inventory.Flows);
    }

    [Fact]
    public void Vendors_are_listed_by_id_and_describe_themselves_without_people()
    {
        _inventory.Add(Vendors.Create("b"));
        _inventory.Add(Vendors.Create("a", null, "b"));

        Assert.Equal(["a", "b"], _inventory.Vendors.Select(v => v.Id));
        Assert.Equal("a (BAA Signed, 1 subcontractors)", _inventory.Vendors[0].ToString());
        Assert.True(_inventory.TryGet("a", out var a));
        Assert.Equal(BaaStatus.Signed, a.BaaStatus);
    }

    [Fact]
    public void Null_arguments_name_the_parameter()
    {
        Assert.Throws<ArgumentNullException>("timeProvider", () => new VendorInventory(null!));
        Assert.Throws<ArgumentNullException>("vendor", () => _inventory.Add(null!));
        Assert.Throws<ArgumentNullException>("flow", () => _inventory.AddFlow(null!));
        Assert.Throws<ArgumentNullException>("id", () => _inventory.TryGet(null!, out _));
    }
}
