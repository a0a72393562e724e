using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Telehealth.Compliance.Tests.Breach;
using Telehealth.Compliance.Tests.BusinessAssociates;
using Telehealth.Compliance.Tests.Decisions;
using Telehealth.Compliance.Tests.Evidence;
using Telehealth.Compliance.Tests.Risk;

namespace Telehealth.Compliance.Tests.Storage;

/// <summary>Registers filled with records that have several revisions, and the checks that two sets of registers hold the same.</summary>
internal static class StoredRecords
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static ComplianceRecords Create(TimeProvider time) => new(SecurityRuleCatalog.Latest, time);

    public static void FillDecisions(ComplianceRecords records, FakeTimeProvider time)
    {
        records.Decisions.Record(AddressableDecisionValidatorTests.Valid());
        time.Advance(TimeSpan.FromHours(3));
        records.Decisions.Record(AddressableDecisionValidatorTests.Valid() with { DecidedOn = new DateOnly(2026, 2, 1), Rationale = "Reviewed: still 15 minutes." });
        records.Decisions.Record(AddressableDecisionValidatorTests.Valid("164.312(a)(2)(iv)") with
        {
            Outcome = AddressableDecisionOutcome.EquivalentAlternative,
            AlternativeMeasure = "Full-disk encryption of the database volume.",
        });
    }

    public static void FillVendors(ComplianceRecords records, FakeTimeProvider time)
    {
        records.Vendors.Add(Vendors.Create("video-relay", null, "turn-host"));
        records.Vendors.Add(Vendors.Create("turn-host"));
        records.Vendors.AddFlow(new PhiFlow { From = "ehr", To = "video-relay", Purpose = "visits", PhiTypes = ["video"], RecordsPerYear = 12_000 });
        time.Advance(TimeSpan.FromDays(40));
        records.Vendors.Update(Vendors.Create("turn-host", Vendors.FullAgreement() with { Status = BaaStatus.Terminated }));
    }

    public static void FillRisks(ComplianceRecords records, FakeTimeProvider time)
    {
        records.Evidence.Add(EvidenceRegisterTests.MfaRate());
        records.Risks.Add(RiskRegisterTests.Risk());
        records.Risks.Add(RiskRegisterTests.Risk("risk-2") with { Treatment = RiskTreatment.Accept });
        records.Risks.RecordAssessment(new DateOnly(2026, 2, 15));
        records.Risks.RecordMajorChange(new DateOnly(2026, 2, 20), "New video platform");
        time.Advance(TimeSpan.FromDays(10));
        records.Risks.Close("risk-1", ["identity.mfa-enrollment"], records.Evidence);
    }

    public static void FillBreaches(ComplianceRecords records, FakeTimeProvider time)
    {
        var march1 = new DateOnly(2026, 3, 1);
        records.Breaches.Record(BreachDeadlineEngineTests.Breach(march1, ("TX", 501), ("CA", 20)));
        time.Advance(TimeSpan.FromDays(2));
        records.Breaches.RecordNotice("incident-1", BreachNotificationRecipient.Media, new DateOnly(2026, 4, 2), "TX");
        records.Breaches.RecordNotice("incident-1", BreachNotificationRecipient.Individuals, new DateOnly(2026, 4, 1));
        records.Breaches.Record(BreachDeadlineEngineTests.Breach(march1, ("CA", 3)) with { Id = "incident-2", Conclusion = BreachConclusion.Excluded, Exclusion = BreachExclusion.UnintentionalGoodFaithAccess });
    }

    public static void FillEvidence(ComplianceRecords records, FakeTimeProvider time)
    {
        records.Evidence.Add(EvidenceRegisterTests.MfaRate());
        records.Evidence.Add(EvidenceRegisterTests.Policy());
        time.Advance(TimeSpan.FromDays(1));
        records.Evidence.Add(EvidenceRegisterTests.MfaRate(98.25m, Start.AddDays(1)));
    }

    public static void FillAll(ComplianceRecords records, FakeTimeProvider time)
    {
        FillDecisions(records, time);
        FillVendors(records, time);
        FillRisks(records, time);
        FillBreaches(records, time);
        records.Evidence.Add(EvidenceRegisterTests.Policy());
    }

    public static void AssertSameHistories(IReadOnlyList<RecordHistory> expected, IReadOnlyList<RecordHistory> actual)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.RecordId, a.RecordId);
            Assert.Equal(e.CreatedAt, a.CreatedAt);
            Assert.Equal(e.UpdatedAt, a.UpdatedAt);
            Assert.Equal(e.LastEffectiveOn, a.LastEffectiveOn);
            Assert.Equal(e.RetainUntil, a.RetainUntil);
            Assert.Equal(e.Revisions.Select(r => (r.At, r.At.Offset, r.Summary)), a.Revisions.Select(r => (r.At, r.At.Offset, r.Summary)));
        }
    }

    /// <summary>Writes a document with a correct SHA-256 over any records text, as a hostile writer could.</summary>
    public static void WriteDocument(string path, string recordsJson, string format = FileComplianceRecordStore.FormatName, int version = FileComplianceRecordStore.FormatVersion)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recordsJson)));
        File.WriteAllText(path, $$"""{"format":"{{format}}","version":{{version}},"sha256":"{{hash}}","records":{{recordsJson}}}""");
    }

    public static string ReadRecordsJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("records").GetRawText();
    }
}
