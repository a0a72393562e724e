namespace Telehealth.Compliance;

/// <summary>The three exclusions from the definition of breach (45 CFR 164.402, paragraph (1) of "Breach").</summary>
public enum BreachExclusion
{
    /// <summary>
    /// (1)(i): an unintentional acquisition, access or use by a workforce member or person acting under the authority of
    /// the covered entity or business associate, in good faith and within the scope of authority, without further
    /// impermissible use or disclosure.
    /// </summary>
    UnintentionalGoodFaithAccess = 1,

    /// <summary>
    /// (1)(ii): an inadvertent disclosure by a person authorized to access PHI to another person authorized at the same
    /// covered entity, business associate or organized health care arrangement, without further impermissible use or disclosure.
    /// </summary>
    InadvertentDisclosureBetweenAuthorizedPersons = 2,

    /// <summary>(1)(iii): a disclosure where there is a good faith belief that the unauthorized recipient could not reasonably have retained the information.</summary>
    RecipientCouldNotRetain = 3,
}
