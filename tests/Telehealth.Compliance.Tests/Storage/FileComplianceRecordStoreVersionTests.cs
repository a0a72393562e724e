using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Storage;

/// <summary>
/// Version 2 of the document adds fields and values (accepted risks, residual ratings, new clauses, substitute notice);
/// a version 1 document, as Telehealth.Compliance 0.1 wrote it, still loads, and the next save writes version 2.
/// </summary>
public sealed class FileComplianceRecordStoreVersionTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(StoredRecords.Start);
    private readonly FileComplianceRecordStore _store;

    public FileComplianceRecordStoreVersionTests() => _store = new FileComplianceRecordStore(_directory.Combine("compliance"));

    public void Dispose() => _directory.Dispose();

    /// <summary>The records of a 0.1 document: what the version 1 writer wrote, without the fields version 2 added.</summary>
    private async Task<string> WriteVersion1DocumentAsync()
    {
        var records = StoredRecords.Create(_time);
        StoredRecords.FillAll(records, _time);
        var writer = new FileComplianceRecordStore(_directory.Combine("writer"));
        await writer.SaveAsync(records);
        var body = JsonNode.Parse(StoredRecords.ReadRecordsJson(writer.FilePath))!;
        foreach (var assessment in body["breaches"]!["assessments"]!.AsArray())
        {
            assessment!.AsObject().Remove("insufficientContactCount");
        }

        var recordsJson = body.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        Directory.CreateDirectory(_store.Directory);
        StoredRecords.WriteDocument(_store.FilePath, recordsJson, version: 1);
        return recordsJson;
    }

    [Fact]
    public async Task A_version_1_document_loads_and_the_next_save_writes_version_2()
    {
        await WriteVersion1DocumentAsync();
        var loaded = StoredRecords.Create(_time);

        await _store.LoadAsync(loaded);
        Assert.NotEmpty(loaded.Vendors.Vendors);
        Assert.NotEmpty(loaded.Breaches.Schedules);
        Assert.All(loaded.Breaches.Schedules, s => Assert.Equal(0, s.Assessment.InsufficientContactCount));

        _time.Advance(TimeSpan.FromDays(1));
        loaded.Risks.RecordMajorChange(new DateOnly(2026, 3, 2), "new video platform");
        await _store.SaveAsync(loaded);

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(_store.FilePath));
        Assert.Equal(FileComplianceRecordStore.FormatVersion, document.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(2, FileComplianceRecordStore.FormatVersion);
        var reloaded = StoredRecords.Create(_time);
        await _store.LoadAsync(reloaded);
        StoredRecords.AssertSameHistories(loaded.Vendors.Histories, reloaded.Vendors.Histories);
    }
}
