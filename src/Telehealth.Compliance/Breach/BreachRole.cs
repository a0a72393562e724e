namespace Telehealth.Compliance;

/// <summary>The role of the organization that assesses a breach, which decides whom it must notify.</summary>
public enum BreachRole
{
    /// <summary>A covered entity: notifies individuals, the media and the Secretary (164.404–164.408).</summary>
    CoveredEntity = 1,

    /// <summary>A business associate, including a subcontractor: notifies the party that engaged it (164.410).</summary>
    BusinessAssociate = 2,
}
