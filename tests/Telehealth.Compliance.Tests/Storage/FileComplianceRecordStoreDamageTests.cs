using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Storage;

/// <summary>A damaged, truncated, foreign or hostile document is refused with its own code and never changed.</summary>
public sealed class FileComplianceRecordStoreDamageTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(StoredRecords.Start);
    private readonly FileComplianceRecordStore _store;

    public FileComplianceRecordStoreDamageTests()
    {
        _store = new FileComplianceRecordStore(_directory.Combine("compliance"));
    }

    public async Task InitializeAsync()
    {
        var records = StoredRecords.Create(_time);
        StoredRecords.FillAll(records, _time);
        await _store.SaveAsync(records);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, string> Damage => new()
    {
        { "flip", "TH5071" },
        { "truncate", "TH5071" },
        { "garbage", "TH5071" },
        { "empty", "TH5071" },
        { "array", "TH5071" },
        { "no-records", "TH5071" },
        { "bad-hash", "TH5071" },
        { "hostile-id", "TH5071" },
        { "null-entry", "TH5071" },
        { "missing-history", "TH5071" },
        { "wrong-retention", "TH5071" },
        { "negative-generation", "TH5071" },
        { "version-3", "TH5072" },
        { "version-0", "TH5072" },
        { "version-text", "TH5072" },
        { "other-format", "TH5072" },
        { "no-format", "TH5072" },
        { "other-catalog", "TH5073" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public async Task A_damaged_document_fails_with_its_code_and_is_left_untouched(string damage, string code)
    {
        Spoil(damage);
        var before = await File.ReadAllBytesAsync(_store.FilePath);
        var records = StoredRecords.Create(_time);

        var load = await Assert.ThrowsAsync<ComplianceException>(() => _store.LoadAsync(records));
        Assert.Equal(code, load.Code);
        Assert.Contains(_store.FilePath, load.Message, StringComparison.Ordinal);
        Assert.Empty(records.Vendors.Vendors);
        Assert.Empty(records.Decisions.Decisions);

        // Nor is a damaged document overwritten by a save, which would discard what it still holds.
        records.Evidence.Add(Evidence.EvidenceRegisterTests.Policy());
        var save = await Assert.ThrowsAsync<ComplianceException>(() => _store.SaveAsync(records));
        Assert.Equal(code, save.Code);

        Assert.Equal(before, await File.ReadAllBytesAsync(_store.FilePath));
    }

    [Fact]
    public async Task A_flipped_byte_names_the_checksum()
    {
        Spoil("flip");

        var ex = await Assert.ThrowsAsync<ComplianceException>(() => _store.LoadAsync(StoredRecords.Create(_time)));

        Assert.Equal(
            $"TH5071: The compliance record store '{_store.FilePath}' is damaged: its records do not match their SHA-256 (changed or corrupted on disk). Nothing was loaded or changed; restore the file from a backup.",
            ex.Message);
    }

    [Fact]
    public async Task An_unknown_version_names_what_was_found()
    {
        Spoil("version-3");

        var ex = await Assert.ThrowsAsync<ComplianceException>(() => _store.LoadAsync(StoredRecords.Create(_time)));

        Assert.Equal(
            $"TH5072: The compliance record store '{_store.FilePath}' has the format telehealth.compliance.records version 3; this version reads telehealth.compliance.records versions 1 to 2. Nothing was loaded or changed.",
            ex.Message);
    }

    [Fact]
    public async Task A_hostile_record_fails_the_registers_checks_with_the_reason_inside()
    {
        Spoil("hostile-id");

        var ex = await Assert.ThrowsAsync<ComplianceException>(() => _store.LoadAsync(StoredRecords.Create(_time)));

        Assert.Equal("TH5023", Assert.IsType<ComplianceException>(ex.InnerException).Code);
    }

    [Fact]
    public async Task Registers_that_were_not_loaded_cannot_overwrite_stored_records()
    {
        var before = await File.ReadAllBytesAsync(_store.FilePath);
        var fresh = StoredRecords.Create(_time);
        fresh.Evidence.Add(Evidence.EvidenceRegisterTests.Policy());

        var ex = await Assert.ThrowsAsync<ComplianceException>(() => _store.SaveAsync(fresh));

        Assert.Equal(
            $"TH5075: Saving to the compliance record store '{_store.FilePath}' would lose stored documentation: these registers were not loaded from it. Nothing was changed; load the stored records into new registers and apply the change again.",
            ex.Message);
        Assert.Equal(before, await File.ReadAllBytesAsync(_store.FilePath));
    }

    [Fact]
    public async Task Registers_older_than_the_store_cannot_overwrite_newer_revisions()
    {
        var first = StoredRecords.Create(_time);
        var second = StoredRecords.Create(_time);
        await _store.LoadAsync(first);
        await _store.LoadAsync(second);
        first.Risks.Update(first.Risks.Risks[1] with { Owner = "Chief medical officer" });
        await _store.SaveAsync(first);
        second.Vendors.Update(second.Vendors.Vendors[0] with { Name = "Relay Inc." });

        var ex = await Assert.ThrowsAsync<ComplianceException>(() => _store.SaveAsync(second));

        Assert.Equal("TH5075", ex.Code);
        Assert.Contains("it was saved by other registers since these were loaded or last saved", ex.Message, StringComparison.Ordinal);
    }

    private void Spoil(string damage)
    {
        var path = _store.FilePath;
        var original = File.ReadAllBytes(path);
        var bytes = original.ToArray();
        var records = StoredRecords.ReadRecordsJson(path);
        switch (damage)
        {
            case "flip":
                var at = Encoding.UTF8.GetString(bytes).IndexOf("Chief operating officer", StringComparison.Ordinal);
                bytes[at] ^= 0x20;
                File.WriteAllBytes(path, bytes);
                break;
            case "truncate":
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            case "garbage":
                File.WriteAllBytes(path, [.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37))]);
                break;
            case "empty":
                File.WriteAllBytes(path, []);
                break;
            case "array":
                File.WriteAllText(path, "[1, 2, 3]");
                break;
            case "no-records":
                File.WriteAllText(path, """{"format":"telehealth.compliance.records","version":1}""");
                break;
            case "bad-hash":
                File.WriteAllText(path, Encoding.UTF8.GetString(bytes).Replace("\"sha256\": \"", "\"sha256\": \"00", StringComparison.Ordinal));
                break;
            case "hostile-id":
                StoredRecords.WriteDocument(path, records.Replace("\"video-relay\"", "\"Video Relay\"", StringComparison.Ordinal));
                break;
            case "null-entry":
                StoredRecords.WriteDocument(path, records.Replace("\"flows\": [", "\"flows\": [ null,", StringComparison.Ordinal));
                break;
            case "missing-history":
                StoredRecords.WriteDocument(path, records.Replace("\"recordId\": \"turn-host\"", "\"recordId\": \"other-host\"", StringComparison.Ordinal));
                break;
            case "wrong-retention":
                StoredRecords.WriteDocument(path, records.Replace("\"retainUntil\": \"2032-04-10\"", "\"retainUntil\": \"2027-04-10\"", StringComparison.Ordinal));
                break;
            case "negative-generation":
                StoredRecords.WriteDocument(path, records.Replace("\"generation\": 1,", "\"generation\": -1,", StringComparison.Ordinal));
                break;
            case "version-3":
                StoredRecords.WriteDocument(path, records, version: 3);
                break;
            case "version-0":
                StoredRecords.WriteDocument(path, records, version: 0);
                break;
            case "version-text":
                File.WriteAllText(path, Encoding.UTF8.GetString(bytes).Replace("\"version\": 2", "\"version\": \"2\"", StringComparison.Ordinal));
                break;
            case "other-format":
                StoredRecords.WriteDocument(path, records, format: "telehealth.audit.log");
                break;
            case "no-format":
                File.WriteAllText(path, Encoding.UTF8.GetString(bytes).Replace("\"format\":", "\"kind\":", StringComparison.Ordinal));
                break;
            case "other-catalog":
                StoredRecords.WriteDocument(path, records.Replace("\"catalogVersion\": \"2013-omnibus\"", "\"catalogVersion\": \"2099-draft\"", StringComparison.Ordinal));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage));
        }

        Assert.NotEqual(original, File.ReadAllBytes(path));
    }
}
