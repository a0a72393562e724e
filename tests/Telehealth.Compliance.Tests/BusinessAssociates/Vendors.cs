namespace Telehealth.Compliance.Tests.BusinessAssociates;

/// <summary>Vendors and agreements the tests start from.</summary>
internal static class Vendors
{
    public static BusinessAssociateAgreement FullAgreement() => new()
    {
        Status = BaaStatus.Signed,
        SignedOn = new DateOnly(2026, 1, 10),
        RenewalDueOn = new DateOnly(2028, 1, 9),
        Clauses = [.. Enum.GetValues<BaaClause>()],
        BreachNotificationDays = 10,
        DeprovisioningHours = 24,
        AccessReviewIntervalDays = 90,
        RetentionYears = 6,
    };

    public static Vendor Create(string id, BusinessAssociateAgreement? agreement = null, params string[] subcontractors) => new()
    {
        Id = id,
        Name = $"Vendor {id}",
        ExecutiveOwner = "Chief operating officer",
        Services = ["hosting"],
        PhiTypes = ["video"],
        Systems = ["media-relay"],
        Agreement = agreement ?? FullAgreement(),
        SubcontractorIds = subcontractors,
        LastReviewedOn = new DateOnly(2026, 2, 1),
    };
}
