using System.Reflection;

namespace Telehealth.Compliance.Tests;

/// <summary>Error and finding codes are public constants, unique, in their ranges, raised as published, and listed in the README.</summary>
public sealed class ErrorCodeTests
{
    private static IReadOnlyList<(string Name, string Code)> Constants(Type type) =>
        [.. type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (f.Name, (string)f.GetRawConstantValue()!))];

    public static TheoryData<string> AllCodes() => [.. Constants(typeof(ComplianceErrorCodes)).Concat(Constants(typeof(FindingCodes))).Select(c => c.Code)];

    [Fact]
    public void Codes_are_unique_and_in_their_ranges()
    {
        var errors = Constants(typeof(ComplianceErrorCodes));
        var findings = Constants(typeof(FindingCodes));

        Assert.Equal(errors.Count + findings.Count, errors.Concat(findings).Select(c => c.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.All(errors, c => Assert.InRange(int.Parse(c.Code[2..], System.Globalization.CultureInfo.InvariantCulture), 5001, 5199));
        Assert.All(findings, c => Assert.InRange(int.Parse(c.Code[2..], System.Globalization.CultureInfo.InvariantCulture), 5200, 5299));
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Every_code_is_listed_in_the_readme(string code) =>
        Assert.Contains(code, File.ReadAllText(RepositoryFiles.PathOf("src", "Telehealth.Compliance", "README.md")), StringComparison.Ordinal);

    [Fact]
    public void The_readme_table_names_every_constant()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("src", "Telehealth.Compliance", "README.md"));

        Assert.All(Constants(typeof(ComplianceErrorCodes)), c => Assert.Contains($"| {c.Code} | `{c.Name}` |", readme, StringComparison.Ordinal));
        Assert.All(Constants(typeof(FindingCodes)), c => Assert.Contains($"| {c.Code} | `{c.Name}` |", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void Exceptions_carry_the_published_constants()
    {
        Assert.Equal(ComplianceErrorCodes.UnknownCitation, Assert.Throws<ComplianceException>(() => SecurityRuleCatalog.Latest.Get("164.999")).Code);
        Assert.Equal(ComplianceErrorCodes.UnknownCatalogVersion, Assert.Throws<ComplianceException>(() => SecurityRuleCatalog.ForVersion("1996")).Code);
        Assert.Equal(ComplianceErrorCodes.NotAStandard, Assert.Throws<ComplianceException>(() => SecurityRuleCatalog.Latest.GetSpecifications("164.312(a)(2)(iv)")).Code);
    }
}
