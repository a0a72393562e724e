using Telehealth.Compliance.Tests.Breach;
using Telehealth.Compliance.Tests.BusinessAssociates;
using Telehealth.Compliance.Tests.Evidence;
using Telehealth.Compliance.Tests.Risk;

namespace Telehealth.Compliance.Tests;

/// <summary>Records that hold lists or dictionaries compare by contents, not by the reference of the list.</summary>
public sealed class ValueEqualityTests
{
    private static void AssertValueEquality<T>(Func<T> create, Func<T, T> change)
        where T : class, IEquatable<T>
    {
        var a = create();
        var b = create();

        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.True(a.Equals((object)b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, change(b));
    }

    [Fact]
    public void Vendors_and_agreements() =>
        AssertValueEquality(() => Vendors.Create("video-relay", null, "turn-host"), v => v with { Services = ["hosting", "relay"] });

    [Fact]
    public void Agreements() =>
        AssertValueEquality(Vendors.FullAgreement, a => a with { Clauses = [.. a.Clauses.Skip(1)] });

    [Fact]
    public void Phi_flows() =>
        AssertValueEquality(() => new PhiFlow { From = "ehr", To = "video-relay", Purpose = "visits", PhiTypes = ["video", "audio"] }, f => f with { PhiTypes = ["video"] });

    [Fact]
    public void Policies() =>
        AssertValueEquality(() => new BaaPolicy { RequiredClauses = [BaaClause.Retention] }, p => p with { RequiredClauses = [BaaClause.Encryption] });

    [Fact]
    public void Risks() =>
        AssertValueEquality(() => RiskRegisterTests.Risk() with { EvidenceIds = ["a", "b"] }, r => r with { EvidenceIds = ["a"] });

    [Fact]
    public void Evidence_items() =>
        AssertValueEquality(() => EvidenceRegisterTests.MfaRate(), i => i with { Citations = ["164.312(b)"] });

    [Fact]
    public void Breach_assessments_whatever_the_order_of_their_states() =>
        AssertValueEquality(
            () => BreachDeadlineEngineTests.Breach(new DateOnly(2026, 3, 1), ("TX", 501), ("CA", 20)) with
            {
                AffectedByJurisdiction = new Dictionary<string, int> { ["CA"] = 20, ["TX"] = 501 },
            },
            b => b with { AffectedByJurisdiction = new Dictionary<string, int> { ["TX"] = 501, ["CA"] = 21 } });

    [Fact]
    public void Breach_assessments_with_the_same_counts_in_another_order_are_equal() =>
        Assert.Equal(
            BreachDeadlineEngineTests.Breach(new DateOnly(2026, 3, 1), ("TX", 501), ("CA", 20)),
            BreachDeadlineEngineTests.Breach(new DateOnly(2026, 3, 1), ("CA", 20), ("TX", 501)));
}
