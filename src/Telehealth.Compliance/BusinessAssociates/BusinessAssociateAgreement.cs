using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// The business associate agreement between a vendor and the party that engages it: the covered entity, or for a
/// subcontractor the business associate above it (164.314(a)(2)(iii)). Holds status, dates, the clauses it contains
/// and the service levels it states; <see cref="BaaValidator"/> checks it against a <see cref="BaaPolicy"/>.
/// </summary>
public sealed record BusinessAssociateAgreement
{
    /// <summary>Gets the status.</summary>
    public required BaaStatus Status { get; init; }

    /// <summary>Gets the date the agreement was signed; required unless <see cref="Status"/> is <see cref="BaaStatus.None"/> or <see cref="BaaStatus.Draft"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? SignedOn { get; init; }

    /// <summary>
    /// Gets the last day of the agreement's term: from the next day it is no longer active unless renewed.
    /// <see langword="null"/> for an agreement without end date.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public DateOnly? RenewalDueOn { get; init; }

    /// <summary>Gets the clauses the agreement contains.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<BaaClause> Clauses { get; init; } = [];

    /// <summary>Gets the number of calendar days after discovery within which the vendor must report a breach; <see langword="null"/> if not stated.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? BreachNotificationDays { get; init; }

    /// <summary>Gets the number of hours within which the vendor must revoke access that is no longer needed; <see langword="null"/> if not stated.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? DeprovisioningHours { get; init; }

    /// <summary>Gets the interval, in days, at which the vendor must review access rights; <see langword="null"/> if not stated.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? AccessReviewIntervalDays { get; init; }

    /// <summary>Gets the number of years the vendor must retain documentation; <see langword="null"/> if not stated.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public int? RetentionYears { get; init; }

    /// <summary>Gets a value indicating whether the agreement is in force on a date: signed, signed on or before it, and not past its renewal date.</summary>
    /// <param name="date">The date.</param>
    /// <returns><see langword="true"/> if the agreement is active on <paramref name="date"/>.</returns>
    public bool IsActiveOn(DateOnly date) =>
        Status == BaaStatus.Signed && SignedOn <= date && (RenewalDueOn is null || date <= RenewalDueOn);

    /// <summary>Gets a value indicating whether the agreement contains a clause.</summary>
    /// <param name="clause">The clause.</param>
    /// <returns><see langword="true"/> if the clause is present.</returns>
    public bool Contains(BaaClause clause) => Clauses.Contains(clause);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"BAA {Status}, signed {SignedOn:yyyy-MM-dd}, renewal {RenewalDueOn:yyyy-MM-dd}, {Clauses.Count} clauses");

    internal void Check()
    {
        if (!Enum.IsDefined(Status))
        {
            throw Errors.UndefinedValue(nameof(BaaStatus), (int)Status);
        }

        if (Status is not (BaaStatus.None or BaaStatus.Draft) && SignedOn is null)
        {
            throw Errors.AgreementNotDated(Status);
        }

        if (RenewalDueOn is { } renewal && SignedOn is { } signed && renewal <= signed)
        {
            throw Errors.RenewalNotAfterSigning(signed, renewal);
        }

        if (Clauses is null)
        {
            throw Errors.FieldMissing(nameof(BusinessAssociateAgreement), nameof(Clauses));
        }

        foreach (var clause in Clauses)
        {
            if (!Enum.IsDefined(clause))
            {
                throw Errors.UndefinedValue(nameof(BaaClause), (int)clause);
            }
        }

        CheckPositive(BreachNotificationDays, nameof(BreachNotificationDays));
        CheckPositive(DeprovisioningHours, nameof(DeprovisioningHours));
        CheckPositive(AccessReviewIntervalDays, nameof(AccessReviewIntervalDays));
        CheckPositive(RetentionYears, nameof(RetentionYears));
    }

    private static void CheckPositive(int? value, string name)
    {
        if (value <= 0)
        {
            throw Errors.OutOfRange(name, value.Value, "must be positive");
        }
    }

    /// <summary>Compares by contents, the lists included (a record's own equality would compare them by reference).</summary>
    /// <param name="other">The other BusinessAssociateAgreement.</param>
    /// <returns><see langword="true"/> if every property, and every item of every list, is equal.</returns>
    public bool Equals(BusinessAssociateAgreement? other) =>
        other is not null
            && Status == other.Status
            && SignedOn == other.SignedOn
            && RenewalDueOn == other.RenewalDueOn
            && ContentEquality.Lists(Clauses, other.Clauses)
            && BreachNotificationDays == other.BreachNotificationDays
            && DeprovisioningHours == other.DeprovisioningHours
            && AccessReviewIntervalDays == other.AccessReviewIntervalDays
            && RetentionYears == other.RetentionYears;

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Status);
        hash.Add(SignedOn);
        hash.Add(RenewalDueOn);
        ContentEquality.AddList(ref hash, Clauses);
        hash.Add(BreachNotificationDays);
        hash.Add(DeprovisioningHours);
        hash.Add(AccessReviewIntervalDays);
        hash.Add(RetentionYears);
        return hash.ToHashCode();
    }
}
