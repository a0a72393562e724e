namespace Telehealth.Compliance;

/// <summary>One item of the business associate agreement checklist: a clause, what it must say and where the rule requires it.</summary>
public sealed class BaaClauseRequirement
{
    internal BaaClauseRequirement(BaaClause clause, BaaClauseBasis basis, string title, string description, IReadOnlyList<string> citations)
    {
        Clause = clause;
        Basis = basis;
        Title = title;
        Description = description;
        Citations = citations;
    }

    /// <summary>Gets the clause.</summary>
    public BaaClause Clause { get; }

    /// <summary>Gets whether the rule requires the clause in the contract or the organization's policy asks for it.</summary>
    public BaaClauseBasis Basis { get; }

    /// <summary>Gets a short title, such as <c>Breach and incident reporting</c>.</summary>
    public string Title { get; }

    /// <summary>Gets what the clause must say.</summary>
    public string Description { get; }

    /// <summary>
    /// Gets the citations within 45 CFR Part 164, such as <c>164.504(e)(2)(ii)(C)</c>: for a regulatory clause the paragraph
    /// that requires it first; for a policy clause the sections it relates to.
    /// </summary>
    public IReadOnlyList<string> Citations { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Clause} ({string.Join(", ", Citations)})";
}
