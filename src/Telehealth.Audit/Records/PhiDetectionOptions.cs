namespace Telehealth.Audit;

/// <summary>
/// Options of the PHI detector that checks free text (justifications, outcome reasons and extra values
/// classified as <see cref="AuditTaxonomy.FreeText"/>) before a record is stored. Every pattern runs
/// with <see cref="System.Text.RegularExpressions.RegexOptions.NonBacktracking"/>, so matching takes
/// time linear in the text whatever the text or pattern.
/// </summary>
public sealed class PhiDetectionOptions
{
    /// <summary>Gets or sets a value indicating whether free text is checked at all.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets what happens to a record whose free text matches a pattern.</summary>
    /// <value>The default is <see cref="PhiDetectionPolicy.Reject"/>.</value>
    public PhiDetectionPolicy Policy { get; set; } = PhiDetectionPolicy.Reject;

    /// <summary>
    /// Gets or sets a value indicating whether text shaped like a US Social Security number is detected
    /// (pattern <c>ssn</c>): <c>123-45-6789</c>, <c>123 45 6789</c>, or nine digits after <c>SSN</c>.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool SocialSecurityNumbers { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether medical record numbers are detected (pattern <c>mrn</c>):
    /// <c>MRN</c> or <c>medical record number</c> followed by an identifier with a digit.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MedicalRecordNumbers { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether calendar dates, the shape of a date of birth, are detected
    /// (pattern <c>dob</c>): <c>3/14/1962</c>, <c>3/14/62</c>, <c>14.03.1962</c>, <c>1962-03-14</c>,
    /// <c>March 14, 1962</c>, <c>14 Mar 1962</c>. HIPAA Safe Harbor counts every full date tied to a patient
    /// (birth, admission, discharge, death) as an identifier, so any such date in free text is treated as one.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DatesOfBirth { get; set; } = true;

    /// <summary>
    /// Gets more patterns by name: each name (1-32 characters of a-z, 0-9, '_' or '-', starting with a
    /// letter, not <c>ssn</c>, <c>mrn</c> or <c>dob</c>) maps to a .NET regular expression, matched
    /// case-insensitively without backtracking (no backreferences, lookarounds or atomic groups).
    /// </summary>
    /// <value>The default is empty.</value>
    public IDictionary<string, string> CustomPatterns { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
