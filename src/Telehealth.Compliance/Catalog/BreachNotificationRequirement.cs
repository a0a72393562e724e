namespace Telehealth.Compliance;

/// <summary>
/// A section of the Breach Notification Rule (45 CFR Part 164 Subpart D) that <see cref="BreachAssessmentLog"/> checks,
/// such as 164.404 Notification to individuals. Each <see cref="SecurityRuleCatalog"/> version holds those of the rule as
/// amended by the same rulemaking, beside the Security Rule, so assessments and their OSCAL exports have a place for
/// breach notification. Requirements are created only by the catalog and never change.
/// </summary>
public sealed class BreachNotificationRequirement
{
    internal BreachNotificationRequirement(string citation, string title, string statement)
    {
        Citation = citation;
        Title = title;
        Statement = statement;
    }

    /// <summary>Gets the citation of the section, such as <c>164.404</c>; findings citing its paragraphs (<c>164.404(b)</c>) point at it.</summary>
    public string Citation { get; }

    /// <summary>Gets the section heading as in the regulation text, such as <c>Notification to individuals</c>.</summary>
    public string Title { get; }

    /// <summary>Gets what the section requires and by when, as the regulation text states it, condensed.</summary>
    public string Statement { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Citation} {Title}";
}
