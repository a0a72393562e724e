namespace Telehealth.Compliance;

/// <summary>The notifications a <see cref="BreachAssessment"/> requires, from <see cref="BreachDeadlineEngine.Schedule"/>.</summary>
public sealed class BreachNotificationSchedule
{
    internal BreachNotificationSchedule(BreachAssessment assessment, IReadOnlyList<BreachNotificationDeadline> deadlines)
    {
        Assessment = assessment;
        Deadlines = deadlines;
    }

    /// <summary>Gets the assessment.</summary>
    public BreachAssessment Assessment { get; }

    /// <summary>Gets the notifications, individuals (or the engaging party) first; empty when no notification is required.</summary>
    public IReadOnlyList<BreachNotificationDeadline> Deadlines { get; }

    /// <summary>Gets the notifications to a recipient.</summary>
    /// <param name="recipient">The recipient.</param>
    /// <returns>The notifications, in jurisdiction order for media.</returns>
    public IReadOnlyList<BreachNotificationDeadline> For(BreachNotificationRecipient recipient) =>
        [.. Deadlines.Where(d => d.Recipient == recipient)];

    /// <inheritdoc />
    public override string ToString() => $"{Assessment.Id}: {Deadlines.Count} notifications";
}
