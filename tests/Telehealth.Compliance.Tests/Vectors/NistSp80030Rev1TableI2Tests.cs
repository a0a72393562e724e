namespace Telehealth.Compliance.Tests.Vectors;

/// <summary>NIST SP 800-30 Rev. 1, Table I-2: level of risk for every combination of likelihood and impact.</summary>
public sealed class NistSp80030Rev1TableI2Tests
{
    private const RiskLevel VL = RiskLevel.VeryLow;
    private const RiskLevel L = RiskLevel.Low;
    private const RiskLevel M = RiskLevel.Moderate;
    private const RiskLevel H = RiskLevel.High;
    private const RiskLevel VH = RiskLevel.VeryHigh;

    public static TheoryData<RiskLevel, RiskLevel[]> Rows => new()
    {
        // likelihood, then the level of risk for impact Very Low, Low, Moderate, High, Very High
        { VH, [VL, L, M, H, VH] },
        { H, [VL, L, M, H, VH] },
        { M, [VL, L, M, M, H] },
        { L, [VL, L, L, L, M] },
        { VL, [VL, VL, VL, L, L] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row_matches_the_table(RiskLevel likelihood, RiskLevel[] expected)
    {
        var actual = new[] { VL, L, M, H, VH }.Select(impact => Nist80030RiskScale.Instance.GetRiskLevel(likelihood, impact));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Scale_has_the_five_levels_in_order()
    {
        Assert.Equal([VL, L, M, H, VH], Nist80030RiskScale.Instance.Levels);
        Assert.Equal("NIST SP 800-30 Rev. 1, Table I-2", Nist80030RiskScale.Instance.ToString());
    }

    [Fact]
    public void Undefined_levels_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>("likelihood", () => Nist80030RiskScale.Instance.GetRiskLevel(0, M));
        Assert.Throws<ArgumentOutOfRangeException>("impact", () => Nist80030RiskScale.Instance.GetRiskLevel(M, (RiskLevel)6));
    }
}
