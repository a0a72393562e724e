namespace Telehealth.Compliance;

/// <summary>What kind of evidence an item is, which says how much weight it carries: a runtime measurement of the live system weighs most, a document least.</summary>
public enum EvidenceKind
{
    /// <summary>Measured from the running system, such as the MFA enrollment rate or the age of the last audit checkpoint.</summary>
    RuntimeMeasurement = 1,

    /// <summary>Read from configuration, such as the session timeout or the key rotation period.</summary>
    Configuration = 2,

    /// <summary>The result of a test run, such as an audit log verification or a restore test.</summary>
    TestResult = 3,

    /// <summary>A document, such as a signed policy, a training record or a penetration test report.</summary>
    Document = 4,
}
