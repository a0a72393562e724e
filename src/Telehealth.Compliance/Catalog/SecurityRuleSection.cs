namespace Telehealth.Compliance;

/// <summary>A section of the HIPAA Security Rule that holds standards, such as 164.308 Administrative safeguards.</summary>
public sealed class SecurityRuleSection
{
    internal SecurityRuleSection(string number, string title, SafeguardCategory safeguard)
    {
        Number = number;
        Title = title;
        Safeguard = safeguard;
    }

    /// <summary>Gets the section number without title or part prefix, such as <c>164.308</c>.</summary>
    public string Number { get; }

    /// <summary>Gets the section heading as in the regulation text, such as <c>Administrative safeguards</c>.</summary>
    public string Title { get; }

    /// <summary>Gets the safeguard category of every entry of the section.</summary>
    public SafeguardCategory Safeguard { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Number} {Title}";
}
