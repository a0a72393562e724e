namespace Telehealth.Compliance;

/// <summary>The kind of an entry of the Security Rule catalog.</summary>
public enum SecurityRuleEntryKind
{
    /// <summary>A standard, such as 164.312(b) Audit controls.</summary>
    Standard,

    /// <summary>An implementation specification of a standard, such as 164.312(a)(2)(iv) Encryption and decryption.</summary>
    ImplementationSpecification,
}
