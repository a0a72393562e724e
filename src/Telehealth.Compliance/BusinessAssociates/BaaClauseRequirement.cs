namespace Telehealth.Compliance;

/// <summary>One item of the business associate agreement checklist: a clause, what it must say and where the rule requires it.</summary>
public sealed class BaaClauseRequirement
{
    internal BaaClauseRequirement(BaaClause clause, string title, string description, IReadOnlyList<string> citations)
    {
        Clause = clause;
        Title = title;
        Description = description;
        Citations = citations;
    }

    /// <summary>Gets the clause.</summary>
    public BaaClause Clause { get; }

    /// <summary>Gets a short title, such as <c>Breach and incident reporting</c>.</summary>
    public string Title { get; }

    /// <summary>Gets what the clause must say.</summary>
    public string Description { get; }

    /// <summary>Gets the citations within 45 CFR Part 164 that call for the clause, such as <c>164.504(e)(2)(ii)(C)</c>.</summary>
    public IReadOnlyList<string> Citations { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Clause} ({string.Join(", ", Citations)})";
}
