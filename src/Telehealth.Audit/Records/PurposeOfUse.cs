namespace Telehealth.Audit;

/// <summary>
/// Common HL7 v3 PurposeOfUse codes (code system 2.16.840.1.113883.5.8) for the reason an action was
/// performed. Any other code from that system may be used as a string.
/// </summary>
public static class PurposeOfUse
{
    /// <summary>Treatment.</summary>
    public const string Treatment = "TREAT";

    /// <summary>Emergency treatment; the code for break-glass access.</summary>
    public const string EmergencyTreatment = "ETREAT";

    /// <summary>Healthcare payment.</summary>
    public const string Payment = "HPAYMT";

    /// <summary>Healthcare operations.</summary>
    public const string Operations = "HOPERAT";

    /// <summary>Patient request.</summary>
    public const string PatientRequest = "PATRQT";

    /// <summary>Public health.</summary>
    public const string PublicHealth = "PUBHLTH";

    /// <summary>Healthcare research.</summary>
    public const string Research = "HRESCH";

    /// <summary>Legal.</summary>
    public const string Legal = "HLEGAL";

    /// <summary>System administration.</summary>
    public const string SystemAdministration = "SYSADMIN";
}
