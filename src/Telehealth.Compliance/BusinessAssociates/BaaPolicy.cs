namespace Telehealth.Compliance;

/// <summary>
/// What the organization requires of business associate agreements and of vendor oversight; <see cref="BaaValidator"/>
/// and <see cref="VendorInventory"/> report agreements that fall short of it.
/// </summary>
public sealed record BaaPolicy
{
    /// <summary>
    /// Gets the clauses every agreement must contain beyond those the rule requires: the clauses of
    /// <see cref="BaaClauseBasis.Regulation"/> are required whatever this list holds, so it chooses which
    /// <see cref="BaaClauseBasis.Policy"/> clauses the organization asks for.
    /// </summary>
    /// <value>The default is every clause of <see cref="BaaClauseChecklist"/>.</value>
    public IReadOnlyList<BaaClause> RequiredClauses { get; init; } = [.. BaaClauseChecklist.Items.Select(i => i.Clause)];

    /// <summary>Gets the longest breach notification period, in calendar days after discovery, an agreement may state; at most 60.</summary>
    /// <value>The default is 60, the outer limit of 164.410(b); a stricter policy leaves the covered entity time to meet its own deadlines.</value>
    public int MaxBreachNotificationDays { get; init; } = 60;

    /// <summary>Gets the longest time, in hours, an agreement may allow for revoking access.</summary>
    /// <value>The default is 24.</value>
    public int MaxDeprovisioningHours { get; init; } = 24;

    /// <summary>Gets the longest interval, in days, an agreement may allow between access reviews.</summary>
    /// <value>The default is 90.</value>
    public int MaxAccessReviewIntervalDays { get; init; } = 90;

    /// <summary>Gets the fewest years an agreement may require documentation to be retained.</summary>
    /// <value>The default is 6 (164.316(b)(2)(i)).</value>
    public int MinRetentionYears { get; init; } = 6;

    /// <summary>Gets how many days before its renewal date an agreement is reported as due for renewal.</summary>
    /// <value>The default is 60.</value>
    public int RenewalNoticeDays { get; init; } = 60;

    /// <summary>Gets the interval, in days, between periodic reviews of a vendor.</summary>
    /// <value>The default is 365 (annual).</value>
    public int ReviewIntervalDays { get; init; } = 365;

    /// <summary>Gets how many days before a review is due it is reported as due.</summary>
    /// <value>The default is 30.</value>
    public int ReviewNoticeDays { get; init; } = 30;

    /// <summary>Gets the clauses an agreement must contain: those of the rule, then the policy's, in checklist order.</summary>
    internal IEnumerable<BaaClause> Required() =>
        BaaClauseChecklist.Items.Where(i => i.Basis == BaaClauseBasis.Regulation).Select(i => i.Clause).Union(RequiredClauses).Order();

    internal void Check()
    {
        if (RequiredClauses is null)
        {
            throw Errors.FieldMissing(nameof(BaaPolicy), nameof(RequiredClauses));
        }

        foreach (var clause in RequiredClauses)
        {
            if (!Enum.IsDefined(clause))
            {
                throw Errors.UndefinedValue(nameof(BaaClause), (int)clause);
            }
        }

        CheckPositive(MaxBreachNotificationDays, nameof(MaxBreachNotificationDays));
        if (MaxBreachNotificationDays > BreachDeadlineEngine.NotificationDays)
        {
            throw Errors.OutOfRange(nameof(MaxBreachNotificationDays), MaxBreachNotificationDays, "must not exceed the 60 days of 164.410(b)");
        }

        CheckPositive(MaxDeprovisioningHours, nameof(MaxDeprovisioningHours));
        CheckPositive(MaxAccessReviewIntervalDays, nameof(MaxAccessReviewIntervalDays));
        CheckPositive(MinRetentionYears, nameof(MinRetentionYears));
        CheckPositive(ReviewIntervalDays, nameof(ReviewIntervalDays));
        if (RenewalNoticeDays < 0)
        {
            throw Errors.OutOfRange(nameof(RenewalNoticeDays), RenewalNoticeDays, "must not be negative");
        }

        if (ReviewNoticeDays < 0)
        {
            throw Errors.OutOfRange(nameof(ReviewNoticeDays), ReviewNoticeDays, "must not be negative");
        }
    }

    private static void CheckPositive(int value, string name)
    {
        if (value <= 0)
        {
            throw Errors.OutOfRange(name, value, "must be positive");
        }
    }

    /// <summary>Compares by contents, the lists included (a record's own equality would compare them by reference).</summary>
    /// <param name="other">The other BaaPolicy.</param>
    /// <returns><see langword="true"/> if every property, and every item of every list, is equal.</returns>
    public bool Equals(BaaPolicy? other) =>
        other is not null
            && ContentEquality.Lists(RequiredClauses, other.RequiredClauses)
            && MaxBreachNotificationDays == other.MaxBreachNotificationDays
            && MaxDeprovisioningHours == other.MaxDeprovisioningHours
            && MaxAccessReviewIntervalDays == other.MaxAccessReviewIntervalDays
            && MinRetentionYears == other.MinRetentionYears
            && RenewalNoticeDays == other.RenewalNoticeDays
            && ReviewIntervalDays == other.ReviewIntervalDays
            && ReviewNoticeDays == other.ReviewNoticeDays;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        ContentEquality.AddList(ref hash, RequiredClauses);
        hash.Add(MaxBreachNotificationDays);
        hash.Add(MaxDeprovisioningHours);
        hash.Add(MaxAccessReviewIntervalDays);
        hash.Add(MinRetentionYears);
        hash.Add(RenewalNoticeDays);
        hash.Add(ReviewIntervalDays);
        hash.Add(ReviewNoticeDays);
        return hash.ToHashCode();
    }
}
