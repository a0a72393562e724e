namespace Telehealth.Compliance;

/// <summary>How many entries of one safeguard category an assessment found satisfied, not satisfied and not assessed.</summary>
public sealed class SafeguardCoverage
{
    internal SafeguardCoverage(SafeguardCategory safeguard, string title, int total, int satisfied, int notSatisfied)
    {
        Safeguard = safeguard;
        Title = title;
        Total = total;
        Satisfied = satisfied;
        NotSatisfied = notSatisfied;
    }

    /// <summary>Gets the safeguard category.</summary>
    public SafeguardCategory Safeguard { get; }

    /// <summary>Gets the title of its section, such as <c>164.308 Administrative safeguards</c>.</summary>
    public string Title { get; }

    /// <summary>Gets the number of standards and specifications.</summary>
    public int Total { get; }

    /// <summary>Gets how many are satisfied.</summary>
    public int Satisfied { get; }

    /// <summary>Gets how many are not satisfied.</summary>
    public int NotSatisfied { get; }

    /// <summary>Gets how many are not assessed.</summary>
    public int NotAssessed => Total - Satisfied - NotSatisfied;

    /// <inheritdoc />
    public override string ToString() => $"{Title}: {Satisfied}/{Total} satisfied, {NotSatisfied} not satisfied";
}
