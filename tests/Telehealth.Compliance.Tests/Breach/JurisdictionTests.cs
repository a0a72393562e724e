using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Breach;

/// <summary>Affected individuals are counted per State or jurisdiction by its USPS code, however the key is written.</summary>
public sealed class JurisdictionTests
{
    private static readonly DateOnly March1 = new(2026, 3, 1);

    [Fact]
    public void Keys_that_differ_only_in_case_are_one_state_and_add_up_to_a_media_notice()
    {
        var schedule = BreachDeadlineEngine.Schedule(BreachDeadlineEngineTests.Breach(March1, ("CA", 300), ("ca", 300)));

        var media = Assert.Single(schedule.For(BreachNotificationRecipient.Media));
        Assert.Equal("CA", media.Jurisdiction);
        Assert.Single(schedule.For(BreachNotificationRecipient.Secretary));
    }

    [Fact]
    public void Names_and_padded_codes_normalize_to_the_usps_code()
    {
        var schedule = BreachDeadlineEngine.Schedule(BreachDeadlineEngineTests.Breach(March1, ("Texas", 200), (" tx ", 200), ("TX", 200), ("District of Columbia", 501)));

        Assert.Equal(["DC", "TX"], schedule.For(BreachNotificationRecipient.Media).Select(d => d.Jurisdiction));
    }

    [Theory]
    [InlineData("PR")]
    [InlineData("VI")]
    [InlineData("GU")]
    [InlineData("AS")]
    [InlineData("MP")]
    [InlineData("DC")]
    [InlineData("WY")]
    public void Territories_and_dc_are_jurisdictions(string code)
    {
        Assert.True(UsJurisdictions.TryNormalize(code.ToLowerInvariant(), out var normalized));
        Assert.Equal(code, normalized);
        Assert.Contains(code, UsJurisdictions.Codes);
    }

    [Fact]
    public void There_are_fifty_states_dc_and_five_territories() => Assert.Equal(56, UsJurisdictions.Codes.Count);

    [Theory]
    [InlineData("XX")]
    [InlineData("Calif.")]
    [InlineData("C A")]
    [InlineData("AA")] // an armed forces mail code, not a State or jurisdiction of residence
    [InlineData("ON")]
    public void Unknown_keys_are_refused_without_echoing_them(string key)
    {
        var ex = Assert.Throws<ComplianceException>(() => BreachDeadlineEngine.Schedule(BreachDeadlineEngineTests.Breach(March1, (key, 10))));

        Assert.Equal("TH5047", ex.Code);
        Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unknown_key_is_accepted_in_any_case_and_never_calls_for_media()
    {
        var schedule = BreachDeadlineEngine.Schedule(BreachDeadlineEngineTests.Breach(March1, ("Unknown", 300), ("UNKNOWN", 300)));

        Assert.Empty(schedule.For(BreachNotificationRecipient.Media));
        Assert.Single(schedule.For(BreachNotificationRecipient.Secretary));
    }

    [Fact]
    public void Notices_are_recorded_and_found_by_any_spelling_of_the_state()
    {
        var log = new BreachAssessmentLog(new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        log.Record(BreachDeadlineEngineTests.Breach(March1, ("ca", 600)));

        log.RecordNotice("incident-1", BreachNotificationRecipient.Media, new DateOnly(2026, 4, 1), "California");

        Assert.Equal(new DateOnly(2026, 4, 1), log.GetNoticeDate("incident-1", BreachNotificationRecipient.Media, "CA"));
        Assert.DoesNotContain(log.Check(), f => f.Message.Contains("Media", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stored_assessments_keyed_in_lower_case_load_with_their_notices()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new FileComplianceRecordStore(directory.Combine("compliance"));
        var records = new ComplianceRecords(SecurityRuleCatalog.Latest, time);
        records.Breaches.Record(BreachDeadlineEngineTests.Breach(March1, ("ca", 600)));
        records.Breaches.RecordNotice("incident-1", BreachNotificationRecipient.Media, new DateOnly(2026, 4, 1), "ca");
        await store.SaveAsync(records);

        var loaded = new ComplianceRecords(SecurityRuleCatalog.Latest, time);
        await store.LoadAsync(loaded);

        Assert.Equal(new DateOnly(2026, 4, 1), loaded.Breaches.GetNoticeDate("incident-1", BreachNotificationRecipient.Media, "CA"));
        Assert.Equal(records.Breaches.Check(), loaded.Breaches.Check());
    }
}
