namespace Telehealth.Compliance;

/// <summary>Whether an entry of the Security Rule must be implemented as written (45 CFR 164.306(d)).</summary>
public enum ImplementationRequirement
{
    /// <summary>
    /// Must be implemented. Every standard is required; a standard without implementation specifications
    /// is implemented by meeting the standard itself.
    /// </summary>
    Required,

    /// <summary>
    /// Must be assessed: implemented if reasonable and appropriate, otherwise the reason documented and an
    /// equivalent alternative implemented if reasonable and appropriate (45 CFR 164.306(d)(3)).
    /// </summary>
    Addressable,
}
