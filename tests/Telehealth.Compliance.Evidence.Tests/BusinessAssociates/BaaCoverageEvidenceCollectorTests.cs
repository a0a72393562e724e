using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Evidence.Tests.BusinessAssociates;

/// <summary>The BAA coverage collector against a real vendor inventory.</summary>
public sealed class BaaCoverageEvidenceCollectorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private static BusinessAssociateAgreement Signed(DateOnly? renewal = null) => new()
    {
        Status = BaaStatus.Signed,
        SignedOn = new DateOnly(2026, 1, 10),
        RenewalDueOn = renewal ?? new DateOnly(2028, 1, 9),
        Clauses = [.. Enum.GetValues<BaaClause>()],
        BreachNotificationDays = 10,
        DeprovisioningHours = 24,
        AccessReviewIntervalDays = 90,
        RetentionYears = 6,
    };

    private static Vendor Vendor(string id, BusinessAssociateAgreement? agreement, params string[] phiTypes) => new()
    {
        Id = id,
        Name = $"Vendor {id}",
        ExecutiveOwner = "Chief operating officer",
        Services = ["hosting"],
        PhiTypes = phiTypes,
        Agreement = agreement,
        LastReviewedOn = new DateOnly(2026, 2, 1),
    };

    private BaaCoverageEvidenceCollector Collector(VendorInventory inventory, ComplianceEvidenceOptions? options = null) =>
        new(inventory, Collecting.Catalog, options, _time);

    [Fact]
    public async Task Every_vendor_receiving_phi_under_an_active_agreement_satisfies()
    {
        var inventory = new VendorInventory(_time);
        inventory.Add(Vendor("video-relay", Signed(), "video"));
        inventory.Add(Vendor("ehr-host", Signed(), "demographics"));
        inventory.Add(Vendor("office-supplies", null)); // receives no PHI

        var item = await Collecting.CollectOneAsync(Collector(inventory), _time);

        Assert.Equal("baa.coverage", item.Id);
        Assert.Equal("telehealth.compliance.baa-coverage", item.Source);
        Assert.Equal(EvidenceOutcome.Satisfied, item.Outcome);
        Assert.Equal(["164.308(b)(1)", "164.314(a)(1)"], item.Citations);
        Assert.Equal(100m, item.Observation.Value);
        Assert.Equal("Share of vendors receiving PHI with an active business associate agreement: 2 of 2; threshold at least 100 percent.", item.Observation.Description);
    }

    [Fact]
    public async Task A_vendor_without_a_baa_is_a_gap_named_by_id()
    {
        var inventory = new VendorInventory(_time);
        inventory.Add(Vendor("video-relay", Signed(), "video"));
        inventory.Add(Vendor("sms-gateway", null));
        inventory.AddFlow(new PhiFlow { From = "ehr", To = "sms-gateway", Purpose = "appointment reminders" });
        inventory.Add(Vendor("transcription", new BusinessAssociateAgreement { Status = BaaStatus.Draft }, "audio"));

        var item = await Collecting.CollectOneAsync(Collector(inventory), _time);

        Assert.Equal(EvidenceOutcome.NotSatisfied, item.Outcome);
        Assert.Equal(33.33m, item.Observation.Value);
        Assert.Equal(
            "Share of vendors receiving PHI with an active business associate agreement: 1 of 3; threshold at least 100 percent. Without an active agreement: sms-gateway, transcription.",
            item.Observation.Description);

        var lenient = await Collecting.CollectOneAsync(Collector(inventory, new ComplianceEvidenceOptions { MinimumBaaCoveragePercent = 30m }), _time);
        Assert.Equal(EvidenceOutcome.Satisfied, lenient.Outcome);
    }

    [Fact]
    public async Task An_agreement_past_its_renewal_date_no_longer_covers()
    {
        var inventory = new VendorInventory(_time);
        inventory.Add(Vendor("video-relay", Signed(new DateOnly(2026, 12, 31)), "video"));

        Assert.Equal(EvidenceOutcome.Satisfied, (await Collecting.CollectOneAsync(Collector(inventory), _time)).Outcome);
        _time.Advance(TimeSpan.FromDays(60));
        Assert.Equal(EvidenceOutcome.NotSatisfied, (await Collecting.CollectOneAsync(Collector(inventory), _time)).Outcome);
    }

    [Fact]
    public async Task A_terminated_vendor_counts_only_while_phi_still_flows_to_it()
    {
        var terminated = Signed() with { Status = BaaStatus.Terminated };
        var inventory = new VendorInventory(_time);
        inventory.Add(Vendor("video-relay", Signed(), "video"));
        inventory.Add(Vendor("old-transcription", terminated, "audio"));

        Assert.Equal(100m, (await Collecting.CollectOneAsync(Collector(inventory), _time)).Observation.Value);

        inventory.AddFlow(new PhiFlow { From = "ehr", To = "old-transcription", Purpose = "dictation" });
        var item = await Collecting.CollectOneAsync(Collector(inventory), _time);
        Assert.Equal(EvidenceOutcome.NotSatisfied, item.Outcome);
        Assert.EndsWith("Without an active agreement: old-transcription.", item.Observation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_vendor_receiving_phi_is_informational()
    {
        var item = await Collecting.CollectOneAsync(Collector(new VendorInventory(_time)), _time);

        Assert.Equal(EvidenceOutcome.Informational, item.Outcome);
        Assert.Equal(100m, item.Observation.Value);
    }
}
