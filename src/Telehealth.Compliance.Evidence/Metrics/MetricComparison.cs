namespace Telehealth.Compliance.Evidence;

/// <summary>How a <see cref="MetricThreshold"/> compares a measured value with its limit.</summary>
public enum MetricComparison
{
    /// <summary>The value must be at least the limit, such as an MFA enrollment rate of at least 95 percent.</summary>
    AtLeast = 1,

    /// <summary>The value must be at most the limit, such as a time to deprovision of at most 24 hours.</summary>
    AtMost = 2,
}
