using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>
/// The States and jurisdictions whose residents <see cref="BreachAssessment.AffectedByJurisdiction"/> counts, by their USPS
/// code: the 50 States, the District of Columbia, and the territories American Samoa, Guam, the Northern Mariana Islands,
/// Puerto Rico and the U.S. Virgin Islands. A key is matched by its code or its name, ignoring case and surrounding spaces,
/// so <c>ca</c>, <c>CA</c> and <c>California</c> count as one State; any other key is refused rather than guessed.
/// </summary>
public static class UsJurisdictions
{
    private static readonly (string Code, string Name)[] All =
    [
        ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"), ("CA", "California"),
        ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"), ("FL", "Florida"), ("GA", "Georgia"),
        ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"),
        ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"), ("ME", "Maine"), ("MD", "Maryland"),
        ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"), ("MS", "Mississippi"), ("MO", "Missouri"),
        ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"), ("NH", "New Hampshire"), ("NJ", "New Jersey"),
        ("NM", "New Mexico"), ("NY", "New York"), ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"),
        ("OK", "Oklahoma"), ("OR", "Oregon"), ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"),
        ("SD", "South Dakota"), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"), ("VT", "Vermont"),
        ("VA", "Virginia"), ("WA", "Washington"), ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
        ("DC", "District of Columbia"), ("AS", "American Samoa"), ("GU", "Guam"), ("MP", "Northern Mariana Islands"),
        ("PR", "Puerto Rico"), ("VI", "U.S. Virgin Islands"),
    ];

    private static readonly FrozenDictionary<string, string> ByCodeOrName = All
        .SelectMany(j => new[] { (Key: j.Code, j.Code), (Key: j.Name, j.Code) })
        .Append((Key: "Virgin Islands", Code: "VI"))
        .Append((Key: "Washington, D.C.", Code: "DC"))
        .ToFrozenDictionary(p => p.Key, p => p.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the USPS codes, States in alphabetical order of name, then DC and the territories.</summary>
    public static IReadOnlyList<string> Codes { get; } = [.. All.Select(j => j.Code)];

    /// <summary>
    /// Normalizes a key of <see cref="BreachAssessment.AffectedByJurisdiction"/>: a USPS code or name of a State or
    /// jurisdiction, in any case, becomes its code; <see cref="BreachAssessment.UnknownJurisdiction"/> in any case stays
    /// that key.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="normalized">The USPS code, or <see cref="BreachAssessment.UnknownJurisdiction"/>.</param>
    /// <returns><see langword="true"/> if the key names a State or jurisdiction or is the unknown key.</returns>
    public static bool TryNormalize(string? key, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (key is null)
        {
            return false;
        }

        var trimmed = key.Trim();
        if (string.Equals(trimmed, BreachAssessment.UnknownJurisdiction, StringComparison.OrdinalIgnoreCase))
        {
            normalized = BreachAssessment.UnknownJurisdiction;
            return true;
        }

        return ByCodeOrName.TryGetValue(trimmed, out normalized);
    }
}
