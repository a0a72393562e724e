namespace Telehealth.Compliance;

/// <summary>Options of Telehealth.Compliance, validated at start-up.</summary>
public sealed class ComplianceOptions
{
    /// <summary>Gets or sets the version of the Security Rule catalog to use; one of <see cref="SecurityRuleCatalog.Versions"/>.</summary>
    /// <value>The default is <see cref="SecurityRuleCatalog.LatestVersion"/> (<c>2013-omnibus</c>).</value>
    public string CatalogVersion { get; set; } = SecurityRuleCatalog.LatestVersion;

    /// <summary>
    /// Gets or sets the directory of the <see cref="FileComplianceRecordStore"/> that keeps the registers; a relative path
    /// is resolved against the current directory when the store is created. Back it up: it holds the documentation that
    /// must be retained for six years.
    /// </summary>
    /// <value>The default is <c>compliance</c>.</value>
    public string StoreDirectory { get; set; } = "compliance";
}
