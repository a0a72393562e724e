namespace Telehealth.Compliance;

/// <summary>A vendor of the inventory with the state of its agreement and its due dates on the assessment date.</summary>
public sealed class VendorStatus
{
    internal VendorStatus(Vendor vendor, bool hasActiveAgreement, DateOnly? nextReviewDueOn)
    {
        Vendor = vendor;
        HasActiveAgreement = hasActiveAgreement;
        NextReviewDueOn = nextReviewDueOn;
    }

    /// <summary>Gets the vendor.</summary>
    public Vendor Vendor { get; }

    /// <summary>Gets a value indicating whether the vendor's agreement is active.</summary>
    public bool HasActiveAgreement { get; }

    /// <summary>Gets the agreement's renewal date, if it has one.</summary>
    public DateOnly? RenewalDueOn => Vendor.Agreement?.RenewalDueOn;

    /// <summary>Gets the date the next periodic review is due; <see langword="null"/> if the vendor was never reviewed (due now).</summary>
    public DateOnly? NextReviewDueOn { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Vendor.Id} {(HasActiveAgreement ? "active" : "not active")}";
}
