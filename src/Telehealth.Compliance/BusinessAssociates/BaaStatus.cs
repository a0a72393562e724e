using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>The state of a vendor's business associate agreement.</summary>
public enum BaaStatus
{
    /// <summary>There is no agreement.</summary>
    None,

    /// <summary>An agreement is being negotiated and is not yet in force.</summary>
    Draft,

    /// <summary>The agreement is signed and in force until its renewal date, if it has one.</summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The status of a contract, not a numeric type.")]
    Signed,

    /// <summary>The agreement's term ended without renewal.</summary>
    Expired,

    /// <summary>The agreement was terminated (164.504(e)(2)(iii)).</summary>
    Terminated,
}
