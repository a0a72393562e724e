namespace Telehealth.Compliance.Evidence.Tests;

internal static class Collecting
{
    public static SecurityRuleCatalog Catalog => SecurityRuleCatalog.Latest;

    /// <summary>Collects and records through a real register, which checks every item against the catalog.</summary>
    public static async Task<IReadOnlyList<EvidenceItem>> CollectAsync(IEvidenceCollector collector, TimeProvider time)
    {
        var register = new EvidenceRegister(Catalog, time);
        var items = await collector.CollectAsync(CancellationToken.None);
        Assert.Equal(items.Count, await register.CollectAsync([collector]));
        Assert.All(items, i => Assert.Equal(collector.Name, i.Source));
        return items;
    }

    public static async Task<EvidenceItem> CollectOneAsync(IEvidenceCollector collector, TimeProvider time) =>
        Assert.Single(await CollectAsync(collector, time));
}
