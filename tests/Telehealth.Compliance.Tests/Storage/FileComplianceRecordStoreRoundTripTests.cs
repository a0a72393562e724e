using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Storage;

/// <summary>Every register saved to a real directory and loaded into fresh registers holds the same records, revisions and retention dates.</summary>
public sealed class FileComplianceRecordStoreRoundTripTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(StoredRecords.Start);
    private readonly ComplianceRecords _records;
    private readonly FileComplianceRecordStore _store;

    public FileComplianceRecordStoreRoundTripTests()
    {
        _records = StoredRecords.Create(_time);
        _store = new FileComplianceRecordStore(_directory.Combine("compliance"));
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Addressable_decisions_round_trip()
    {
        StoredRecords.FillDecisions(_records, _time);

        var loaded = await SaveAndLoadAsync();

        Assert.Equivalent(_records.Decisions.Decisions, loaded.Decisions.Decisions, strict: true);
        Assert.Equal(_records.Decisions.GetPending().Select(p => p.Specification.Citation), loaded.Decisions.GetPending().Select(p => p.Specification.Citation));
        Assert.Equal(2, loaded.Decisions.Histories[0].Revisions.Count);
        StoredRecords.AssertSameHistories(_records.Decisions.Histories, loaded.Decisions.Histories);
    }

    [Fact]
    public async Task Vendor_inventory_round_trips()
    {
        StoredRecords.FillVendors(_records, _time);

        var loaded = await SaveAndLoadAsync();

        Assert.Equivalent(_records.Vendors.Vendors, loaded.Vendors.Vendors, strict: true);
        Assert.Equivalent(_records.Vendors.Flows, loaded.Vendors.Flows, strict: true);
        Assert.Equal(_records.Vendors.Check().Select(f => f.ToString()), loaded.Vendors.Check().Select(f => f.ToString()));
        Assert.True(loaded.Vendors.TryGetHistory("turn-host", out var history));
        Assert.Equal(new DateOnly(2032, 4, 10), history.RetainUntil);
        StoredRecords.AssertSameHistories(_records.Vendors.Histories, loaded.Vendors.Histories);
    }

    [Fact]
    public async Task Risk_register_round_trips()
    {
        StoredRecords.FillRisks(_records, _time);

        var loaded = await SaveAndLoadAsync();

        Assert.Equivalent(_records.Risks.Risks, loaded.Risks.Risks, strict: true);
        Assert.Equal(new DateOnly(2026, 2, 15), loaded.Risks.LastAssessedOn);
        Assert.Equal(_records.Risks.Check().Select(f => f.ToString()), loaded.Risks.Check().Select(f => f.ToString()));
        Assert.Contains(loaded.Risks.Check(), f => f.Code == FindingCodes.RiskAssessmentAfterMajorChange);
        Assert.True(loaded.Risks.TryGetHistory("risk-1", out var history));
        Assert.Equal(new DateOnly(2032, 3, 11), history.RetainUntil);
        StoredRecords.AssertSameHistories(_records.Risks.Histories, loaded.Risks.Histories);
    }

    [Fact]
    public async Task Breach_assessment_log_round_trips()
    {
        StoredRecords.FillBreaches(_records, _time);

        var loaded = await SaveAndLoadAsync();

        Assert.Equivalent(_records.Breaches.Schedules.Select(s => s.Assessment), loaded.Breaches.Schedules.Select(s => s.Assessment), strict: true);
        Assert.Equivalent(_records.Breaches.Schedules.SelectMany(s => s.Deadlines), loaded.Breaches.Schedules.SelectMany(s => s.Deadlines), strict: true);
        Assert.Equal(new DateOnly(2026, 4, 2), loaded.Breaches.GetNoticeDate("incident-1", BreachNotificationRecipient.Media, "TX"));
        Assert.Equal(new DateOnly(2026, 4, 1), loaded.Breaches.GetNoticeDate("incident-1", BreachNotificationRecipient.Individuals));
        Assert.Null(loaded.Breaches.GetNoticeDate("incident-1", BreachNotificationRecipient.Secretary));
        Assert.Equal(_records.Breaches.Check().Select(f => f.ToString()), loaded.Breaches.Check().Select(f => f.ToString()));
        Assert.Equal(3, loaded.Breaches.Histories[0].Revisions.Count);
        StoredRecords.AssertSameHistories(_records.Breaches.Histories, loaded.Breaches.Histories);
    }

    [Fact]
    public async Task Evidence_register_round_trips()
    {
        StoredRecords.FillEvidence(_records, _time);

        var loaded = await SaveAndLoadAsync();

        Assert.Equivalent(_records.Evidence.Items, loaded.Evidence.Items, strict: true);
        Assert.Equal(98.25m, loaded.Evidence.Items[0].Observation.Value);
        Assert.Equal(_records.Evidence.Check().Select(f => f.ToString()), loaded.Evidence.Check().Select(f => f.ToString()));
        StoredRecords.AssertSameHistories(_records.Evidence.Histories, loaded.Evidence.Histories);
        Assert.NotEmpty(loaded.Evidence.Histories);
    }

    [Fact]
    public async Task Loaded_registers_keep_recording_and_save_again()
    {
        StoredRecords.FillAll(_records, _time);
        var loaded = await SaveAndLoadAsync();

        _time.Advance(TimeSpan.FromDays(1));
        loaded.Risks.Update(loaded.Risks.Risks[1] with { Owner = "Chief medical officer" });
        await _store.SaveAsync(loaded);
        var again = StoredRecords.Create(_time);
        await _store.LoadAsync(again);

        Assert.True(again.Risks.TryGetHistory("risk-2", out var history));
        Assert.Equal(2, history.Revisions.Count);
        StoredRecords.AssertSameHistories(loaded.Vendors.Histories, again.Vendors.Histories);
    }

    [Fact]
    public async Task Nothing_stored_loads_empty_registers_without_creating_the_directory()
    {
        await _store.LoadAsync(_records);

        Assert.Empty(_records.Vendors.Vendors);
        Assert.False(Directory.Exists(_store.Directory));
        Assert.Equal(Path.Combine(_store.Directory, "compliance-records.json"), _store.FilePath);
    }

    [Fact]
    public async Task Loading_into_registers_that_hold_records_is_refused()
    {
        StoredRecords.FillAll(_records, _time);
        await _store.SaveAsync(_records);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.LoadAsync(_records));

        Assert.Contains("AddressableDecisionRegister already holds records", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_document_names_its_format_and_version_and_shows_retention_dates()
    {
        StoredRecords.FillVendors(_records, _time);
        await _store.SaveAsync(_records);
        await _store.SaveAsync(_records);

        var text = await File.ReadAllTextAsync(_store.FilePath);

        Assert.StartsWith("{\n  \"format\": \"telehealth.compliance.records\",\n  \"version\": 2,\n  \"sha256\": \"", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\"retainUntil\": \"2032-04-10\"", text, StringComparison.Ordinal);
        Assert.Contains("\"generation\": 2,", text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_store.Directory, "*.tmp"));
    }

    [Fact]
    public async Task Arguments_are_checked()
    {
        Assert.Throws<ArgumentException>("directory", () => new FileComplianceRecordStore(" "));
        Assert.Throws<ArgumentNullException>("directory", () => new FileComplianceRecordStore(null!));
        await Assert.ThrowsAsync<ArgumentNullException>("records", () => _store.LoadAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>("records", () => _store.SaveAsync(null!));
        Assert.Throws<ArgumentNullException>("catalog", () => new ComplianceRecords(null!, _time));
        Assert.Throws<ArgumentNullException>("timeProvider", () => new ComplianceRecords(SecurityRuleCatalog.Latest, null!));
    }

    private async Task<ComplianceRecords> SaveAndLoadAsync()
    {
        await _store.SaveAsync(_records);
        var loaded = StoredRecords.Create(_time);
        await new FileComplianceRecordStore(_store.Directory).LoadAsync(loaded);
        return loaded;
    }
}
