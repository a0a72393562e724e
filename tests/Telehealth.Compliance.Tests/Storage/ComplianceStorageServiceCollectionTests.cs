using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Telehealth.Compliance.Tests.Storage;

/// <summary>The registers of a real container are loaded from the file store, and what one container saved the next one sees.</summary>
public sealed class ComplianceStorageServiceCollectionTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(StoredRecords.Start);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Records_saved_by_one_container_are_loaded_by_the_next()
    {
        var path = _directory.Combine("compliance");
        IReadOnlyList<RecordHistory> vendorHistories;
        await using (var provider = Build(path))
        {
            var records = provider.GetRequiredService<ComplianceRecords>();
            Assert.Same(records.Decisions, provider.GetRequiredService<AddressableDecisionRegister>());
            Assert.Same(records.Vendors, provider.GetRequiredService<VendorInventory>());
            Assert.Same(records.Risks, provider.GetRequiredService<RiskRegister>());
            Assert.Same(records.Breaches, provider.GetRequiredService<BreachAssessmentLog>());
            Assert.Same(records.Evidence, provider.GetRequiredService<EvidenceRegister>());
            Assert.Same(provider.GetRequiredService<FileComplianceRecordStore>(), provider.GetRequiredService<IComplianceRecordStore>());

            StoredRecords.FillAll(records, _time);
            await provider.GetRequiredService<IComplianceRecordStore>().SaveAsync(records);
            vendorHistories = records.Vendors.Histories;
        }

        await using (var provider = Build(path))
        {
            Assert.Equal(path, provider.GetRequiredService<FileComplianceRecordStore>().Directory);
            Assert.Equal(["turn-host", "video-relay"], provider.GetRequiredService<VendorInventory>().Vendors.Select(v => v.Id));
            Assert.Equal(["risk-1", "risk-2"], provider.GetRequiredService<RiskRegister>().Risks.Select(r => r.Id));
            Assert.Equal(2, provider.GetRequiredService<AddressableDecisionRegister>().Decisions.Count);
            Assert.Equal(2, provider.GetRequiredService<BreachAssessmentLog>().Schedules.Count);
            Assert.Equal(2, provider.GetRequiredService<EvidenceRegister>().Items.Count);
            StoredRecords.AssertSameHistories(vendorHistories, provider.GetRequiredService<VendorInventory>().Histories);
        }
    }

    [Fact]
    public void The_default_directory_is_compliance_under_the_current_directory()
    {
        using var provider = new ServiceCollection().AddTelehealthCompliance().BuildServiceProvider();

        Assert.Equal("compliance", provider.GetRequiredService<IOptions<ComplianceOptions>>().Value.StoreDirectory);
        Assert.Equal(Path.GetFullPath("compliance"), provider.GetRequiredService<FileComplianceRecordStore>().Directory);
    }

    [Fact]
    public void A_damaged_store_fails_the_first_resolution()
    {
        var path = _directory.Combine("compliance");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, FileComplianceRecordStore.FileName), "{\"format\":");
        using var provider = Build(path);

        Assert.Equal("TH5071", Assert.Throws<ComplianceException>(() => provider.GetRequiredService<VendorInventory>()).Code);
    }

    [Fact]
    public void Another_store_requires_the_host_to_register_the_records()
    {
        using var provider = new ServiceCollection()
            .AddSingleton<IComplianceRecordStore, OtherStore>()
            .AddTelehealthCompliance(o => o.StoreDirectory = _directory.Path)
            .BuildServiceProvider();

        Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ComplianceRecords>());
    }

    [Fact]
    public void A_blank_store_directory_fails_at_start_with_every_error_in_one_message()
    {
        using var provider = new ServiceCollection()
            .AddTelehealthCompliance(o =>
            {
                o.CatalogVersion = "2099-draft";
                o.StoreDirectory = " ";
            })
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            "ComplianceOptions.CatalogVersion '2099-draft' is not a known catalog version; known versions: 2013-omnibus.; ComplianceOptions.StoreDirectory must be a directory path.",
            ex.Message);
    }

    private ServiceProvider Build(string path) => new ServiceCollection()
        .AddSingleton<TimeProvider>(_time)
        .AddTelehealthCompliance(o => o.StoreDirectory = path)
        .BuildServiceProvider(validateScopes: true);

    private sealed class OtherStore : IComplianceRecordStore
    {
        public Task LoadAsync(ComplianceRecords records, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SaveAsync(ComplianceRecords records, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
