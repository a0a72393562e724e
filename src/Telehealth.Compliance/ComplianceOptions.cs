namespace Telehealth.Compliance;

/// <summary>Options of Telehealth.Compliance, validated at start-up.</summary>
public sealed class ComplianceOptions
{
    /// <summary>Gets or sets the version of the Security Rule catalog to use; one of <see cref="SecurityRuleCatalog.Versions"/>.</summary>
    /// <value>The default is <see cref="SecurityRuleCatalog.LatestVersion"/> (<c>2013-omnibus</c>).</value>
    public string CatalogVersion { get; set; } = SecurityRuleCatalog.LatestVersion;
}
