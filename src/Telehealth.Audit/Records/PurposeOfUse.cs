using System.Collections.Frozen;

namespace Telehealth.Audit;

/// <summary>
/// Common HL7 v3 PurposeOfUse codes (code system v3-ActReason, 2.16.840.1.113883.5.8) for the reason
/// an action was performed. Any other code of the v3-PurposeOfUse value set (every concept under
/// PurposeOfUse in v3-ActReason 4.0.0 of HL7 Terminology) may be used as a string; see
/// <see cref="IsDefined"/>.
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

    /// <summary>Health system administration (<c>HSYSADMIN</c>; 0.1 wrote <c>SYSADMIN</c>, which v3-ActReason does not have).</summary>
    public const string SystemAdministration = "HSYSADMIN";

    /// <summary>The 0.1 value of <see cref="SystemAdministration"/>, still found in logs written then; exported as <c>HSYSADMIN</c>.</summary>
    internal const string LegacySystemAdministration = "SYSADMIN";

    // Every concept under PurposeOfUse in v3-ActReason 4.0.0 (HL7 Terminology): the v3-PurposeOfUse value set.
    private static readonly FrozenSet<string> Codes = FrozenSet.ToFrozenSet(
    [
        "BIORCH", "BTG", "CAREMGT", "CLINTRCH", "CLINTRCHNPC", "CLINTRCHPC", "CLINTRL", "CLMATTCH",
        "COC", "COVAUTH", "COVERAGE", "DISASTER", "DONAT", "DSRCH", "ELIGDTRM", "ELIGVER",
        "ENROLLM", "ERTREAT", "ETREAT", "FAMRQT", "FRAUD", "GOV", "HACCRED", "HCOMPL",
        "HDECD", "HDIRECT", "HDM", "HLEGAL", "HMARKT", "HOPERAT", "HOUTCOMS", "HPAYMT",
        "HPRGRP", "HQUALIMP", "HRESCH", "HSYSADMIN", "HTEST", "LABELING", "MEMADMIN", "METAMGT",
        "MILCDM", "MILDCRG", "MLTRAINING", "PATADMIN", "PATRQT", "PATSFTY", "PERFMSR", "PMTDS",
        "POARCH", "POPHLTH", "PRECLINTRCH", "PUBHLTH", "PWATRNY", "RECORDMGT", "REMITADV", "SUPNWK",
        "SYSDEV", "THREAT", "TRAIN", "TRANSRCH", "TREAT", "TREATDS",
    ], StringComparer.Ordinal);

    /// <summary>Returns whether <paramref name="code"/> is a code of the HL7 v3-PurposeOfUse value set.</summary>
    /// <param name="code">The code, case-sensitive, such as <c>TREAT</c>.</param>
    /// <returns><see langword="true"/> if the code is in the value set.</returns>
    public static bool IsDefined(string? code) => code is not null && Codes.Contains(code);
}
