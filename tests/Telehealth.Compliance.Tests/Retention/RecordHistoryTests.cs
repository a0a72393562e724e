using Microsoft.Extensions.Time.Testing;
using Telehealth.Compliance.Tests.Breach;
using Telehealth.Compliance.Tests.BusinessAssociates;
using Telehealth.Compliance.Tests.Decisions;
using Telehealth.Compliance.Tests.Risk;

namespace Telehealth.Compliance.Tests.Retention;

/// <summary>Every register keeps created/updated history and a retention date under 164.316(b)(2)(i).</summary>
public sealed class RecordHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void Retention_is_reviewed_across_the_five_registers_in_one_loop()
    {
        var records = Storage.StoredRecords.Create(_time);
        Storage.StoredRecords.FillAll(records, _time);
        _time.Advance(TimeSpan.FromDays(365 * 7));

        var histories = records.Registers.SelectMany(r => r.Histories).ToArray();

        Assert.Equal([records.Decisions, records.Vendors, records.Risks, records.Breaches, records.Evidence], records.Registers.Cast<object>());
        Assert.Equal(
            records.Decisions.Histories.Count + records.Vendors.Histories.Count + records.Risks.Histories.Count + records.Breaches.Histories.Count + records.Evidence.Histories.Count,
            histories.Length);
        Assert.Contains(histories, h => h.MayDiscardOn(DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime)));
        Assert.All(records.Registers, r => Assert.All(r.Histories, h => Assert.True(r.TryGetHistory(h.RecordId, out var same) && same == h)));
    }

    [Fact]
    public void A_risk_keeps_every_revision_and_is_retained_six_years_after_closure()
    {
        var register = new RiskRegister(SecurityRuleCatalog.Latest, _time);
        register.Add(RiskRegisterTests.Risk());
        _time.Advance(TimeSpan.FromDays(10));
        register.Update(RiskRegisterTests.Risk() with { Status = RiskStatus.InTreatment });

        Assert.True(register.TryGetHistory("risk-1", out var open));
        Assert.Null(open.LastEffectiveOn);
        Assert.Null(open.RetainUntil);
        Assert.False(open.MayDiscardOn(new DateOnly(2099, 1, 1)));
        Assert.Equal("risk-1: 2 revisions, retain while in effect", open.ToString());

        _time.Advance(TimeSpan.FromDays(21)); // 2026-04-01
        register.Close("risk-1", ["mfa-enrollment-rate"]);

        var history = Assert.Single(register.Histories);
        Assert.Equal(Start, history.CreatedAt);
        Assert.Equal(Start.AddDays(31), history.UpdatedAt);
        Assert.Equal(3, history.Revisions.Count);
        Assert.Equal("2026-03-11 12:00:00Z risk-1 likelihood High, impact VeryHigh, Mitigate, InTreatment (due 2026-04-30)", history.Revisions[1].ToString());
        Assert.Equal(new DateOnly(2026, 4, 1), history.LastEffectiveOn);
        Assert.Equal(new DateOnly(2032, 4, 1), history.RetainUntil);
        Assert.False(history.MayDiscardOn(new DateOnly(2032, 3, 31)));
        Assert.True(history.MayDiscardOn(new DateOnly(2032, 4, 1)));
    }

    [Fact]
    public void A_record_that_ends_on_february_29_is_kept_until_march_1_six_years_later()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2028, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var register = new RiskRegister(SecurityRuleCatalog.Latest, time);
        register.Add(RiskRegisterTests.Risk());
        time.Advance(TimeSpan.FromDays(28)); // 2028-02-29

        register.Close("risk-1", ["e"]);

        Assert.True(register.TryGetHistory("risk-1", out var history));
        Assert.Equal(new DateOnly(2034, 3, 1), history.RetainUntil);
    }

    [Fact]
    public void A_vendor_is_in_effect_until_its_agreement_ends_and_keeps_the_first_end_date()
    {
        var inventory = new VendorInventory(_time);
        inventory.Add(Vendors.Create("video-relay"));
        _time.Advance(TimeSpan.FromDays(92)); // 2026-06-01
        inventory.Update(Vendors.Create("video-relay", Vendors.FullAgreement() with { Status = BaaStatus.Terminated }));
        _time.Advance(TimeSpan.FromDays(30));
        inventory.Update(Vendors.Create("video-relay", Vendors.FullAgreement() with { Status = BaaStatus.Terminated }) with { Name = "Renamed" });

        Assert.True(inventory.TryGetHistory("video-relay", out var ended));
        Assert.Equal(3, ended.Revisions.Count);
        Assert.Equal(new DateOnly(2026, 6, 1), ended.LastEffectiveOn);
        Assert.Equal(new DateOnly(2032, 6, 1), ended.RetainUntil);

        inventory.Update(Vendors.Create("video-relay"));
        Assert.True(inventory.TryGetHistory("video-relay", out var again));
        Assert.Null(again.RetainUntil);
    }

    [Fact]
    public void Decisions_of_a_specification_share_one_history_that_stays_in_effect()
    {
        var register = new AddressableDecisionRegister(SecurityRuleCatalog.Latest, _time);
        register.Record(AddressableDecisionValidatorTests.Valid());
        _time.Advance(TimeSpan.FromDays(1));
        register.Record(AddressableDecisionValidatorTests.Valid() with { DecidedOn = new DateOnly(2026, 3, 2), NextReviewOn = new DateOnly(2027, 3, 2) });

        var history = Assert.Single(register.Histories);
        Assert.Equal("164.312(a)(2)(iii)", history.RecordId);
        Assert.Equal(2, history.Revisions.Count);
        Assert.Contains("decided 2026-03-02", history.Revisions[1].Summary, StringComparison.Ordinal);
        Assert.Null(history.RetainUntil);
    }

    [Fact]
    public void A_breach_assessment_is_in_effect_through_its_last_deadline()
    {
        var log = new BreachAssessmentLog(_time);
        var schedule = log.Record(BreachDeadlineEngineTests.Breach(new DateOnly(2026, 3, 1), ("CA", 10)));

        Assert.True(log.TryGet("incident-1", out var stored));
        Assert.Same(schedule, stored);
        Assert.True(log.TryGetHistory("incident-1", out var history));
        Assert.Equal(new DateOnly(2027, 3, 1), history.LastEffectiveOn); // the annual log deadline
        Assert.Equal(new DateOnly(2033, 3, 1), history.RetainUntil);
    }

    [Fact]
    public void Retention_runs_from_creation_when_that_is_later()
    {
        _time.Advance(TimeSpan.FromDays(9)); // recorded 2026-03-10, assessed 2026-03-04
        var log = new BreachAssessmentLog(_time);
        var notABreach = BreachDeadlineEngineTests.Breach(new DateOnly(2026, 3, 1), ("CA", 10)) with
        {
            Conclusion = BreachConclusion.Excluded,
            Exclusion = BreachExclusion.InadvertentDisclosureBetweenAuthorizedPersons,
        };

        Assert.Empty(log.Record(notABreach).Deadlines);
        Assert.True(log.TryGetHistory("incident-1", out var history));
        Assert.Equal(new DateOnly(2026, 3, 4), history.LastEffectiveOn);
        Assert.Equal(new DateOnly(2032, 3, 10), history.RetainUntil);
        Assert.Single(log.Schedules);
    }

    [Fact]
    public void Null_arguments_name_the_parameter()
    {
        Assert.Throws<ArgumentNullException>("timeProvider", () => new BreachAssessmentLog(null!));
        Assert.Throws<ArgumentNullException>("assessment", () => new BreachAssessmentLog(_time).Record(null!));
        Assert.Throws<ArgumentNullException>("id", () => new BreachAssessmentLog(_time).TryGetHistory(null!, out _));
        Assert.Throws<ArgumentNullException>("id", () => new VendorInventory(_time).TryGetHistory(null!, out _));
    }
}
