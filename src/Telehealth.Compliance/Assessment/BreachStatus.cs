namespace Telehealth.Compliance;

/// <summary>A breach assessment with its notices and where they stand, on the date of a <see cref="ComplianceAssessment"/>.</summary>
public sealed class BreachStatus
{
    internal BreachStatus(BreachAssessment assessment, IReadOnlyList<BreachNoticeStatus> notices)
    {
        Assessment = assessment;
        Notices = notices;
        IsOverdue = notices.Any(n => n.IsOverdue);
        State = notices.Count == 0 ? BreachNotificationState.NoNoticeRequired
            : notices.All(n => n.GivenOn is not null) ? BreachNotificationState.Notified
            : notices.All(n => n.GivenOn is not null || (n.Deadline.Recipient == BreachNotificationRecipient.SecretaryAnnualLog && !n.IsOverdue)) ? BreachNotificationState.PendingAnnualLog
            : BreachNotificationState.Open;
    }

    /// <summary>Gets the assessment.</summary>
    public BreachAssessment Assessment { get; }

    /// <summary>Gets the notices the assessment requires, in schedule order; empty when none is required.</summary>
    public IReadOnlyList<BreachNoticeStatus> Notices { get; }

    /// <summary>Gets where the notices stand.</summary>
    public BreachNotificationState State { get; }

    /// <summary>Gets a value indicating whether a notice has not been given and its deadline has passed.</summary>
    public bool IsOverdue { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Assessment.Id} {State}{(IsOverdue ? ", overdue" : string.Empty)}";
}
