namespace Telehealth.Compliance;

/// <summary>Why a clause is on the <see cref="BaaClauseChecklist"/>: the rule requires it in the contract, or it is the organization's policy.</summary>
public enum BaaClauseBasis
{
    /// <summary>45 CFR 164.504(e)(2) or 164.314(a)(2)(i) requires the contract to provide it; a missing clause is a regulatory gap.</summary>
    Regulation = 1,

    /// <summary>Good practice the organization asks for; the rule does not require it in the contract, so a missing clause is a policy gap only.</summary>
    Policy = 2,
}
