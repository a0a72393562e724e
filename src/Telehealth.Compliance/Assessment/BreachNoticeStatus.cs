using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>One notice a breach requires, with the date it was given, if it was, on the date of a <see cref="ComplianceAssessment"/>.</summary>
public sealed class BreachNoticeStatus
{
    internal BreachNoticeStatus(BreachNotificationDeadline deadline, DateOnly? givenOn, bool isOverdue)
    {
        Deadline = deadline;
        GivenOn = givenOn;
        IsOverdue = isOverdue;
    }

    /// <summary>Gets the notice: to whom, by when and under which citation.</summary>
    public BreachNotificationDeadline Deadline { get; }

    /// <summary>Gets the date the notice was given; <see langword="null"/> if it has not been.</summary>
    public DateOnly? GivenOn { get; }

    /// <summary>Gets a value indicating whether the notice has not been given and its deadline has passed.</summary>
    public bool IsOverdue { get; }

    /// <summary>
    /// Gets the last day the notice must still be up, for a notice kept for a period (<see cref="BreachNotificationDeadline.MaintainDays"/>
    /// days after the day it was given); <see langword="null"/> for other notices or while it has not been given.
    /// </summary>
    public DateOnly? MaintainUntil => GivenOn is { } given && Deadline.MaintainDays is { } days ? given.AddDays(days) : null;

    /// <summary>Gets a value indicating whether the notice was given after its deadline.</summary>
    public bool WasLate => GivenOn > Deadline.DueBy;

    /// <inheritdoc />
    public override string ToString() => $"{Deadline}: {Standing}";

    /// <summary>Gets where the notice stands in words: given (and when, and whether late), overdue, or not yet given.</summary>
    internal string Standing => GivenOn is { } given
        ? string.Create(CultureInfo.InvariantCulture, $"given {given:yyyy-MM-dd}") + (WasLate ? ", late" : string.Empty)
            + (MaintainUntil is { } until ? string.Create(CultureInfo.InvariantCulture, $", kept up until {until:yyyy-MM-dd}") : string.Empty)
        : IsOverdue ? "not given, overdue" : "not yet given";
}
