namespace Telehealth.Compliance;

/// <summary>The checks of the inventory: agreements against the policy, renewal and review dates, PHI flows, and the subcontractor graph.</summary>
public sealed partial class VendorInventory
{
    /// <summary>Runs every check of the inventory.</summary>
    /// <returns>The findings, each owned by the executive owner of the vendor it concerns: per vendor in ordinal order of id, then PHI flows in the order added, then cycles.</returns>
    public IReadOnlyList<ComplianceFinding> Check()
    {
        Dictionary<string, Vendor> vendors;
        PhiFlow[] flows;
        lock (_gate)
        {
            vendors = _book.Records.ToDictionary(v => v.Id, StringComparer.Ordinal);
            flows = [.. _flows];
        }

        var today = _timeProvider.GetUtcToday();
        var findings = new List<ComplianceFinding>();
        foreach (var vendor in vendors.Values.OrderBy(v => v.Id, StringComparer.Ordinal))
        {
            findings.AddRange(Validator.Validate(vendor));
            CheckDates(vendor, today, findings);
            SubcontractorGraph.Check(vendor, vendors, today, findings);
        }

        foreach (var flow in flows)
        {
            if (vendors[flow.To].Agreement?.IsActiveOn(today) != true)
            {
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.PhiFlowWithoutActiveBaa,
                    Subject = flow.To,
                    Citation = "164.308(b)(1)",
                    Message = $"PHI flows from '{flow.From}' for '{flow.Purpose}' to a vendor without an active business associate agreement (status {vendors[flow.To].BaaStatus}).",
                });
            }
        }

        SubcontractorGraph.FindCycles(vendors, findings);

        // Every finding is about a vendor of the inventory; its executive owner is to resolve it.
        return [.. findings.Select(f => f with { Owner = vendors.TryGetValue(f.Subject, out var vendor) ? vendor.ExecutiveOwner : f.Owner })];
    }

    private void CheckDates(Vendor vendor, DateOnly today, List<ComplianceFinding> findings)
    {
        if (vendor.Agreement is { Status: BaaStatus.Signed, RenewalDueOn: { } renewal })
        {
            if (today > renewal)
            {
                findings.Add(Dated(FindingCodes.BaaLapsed, vendor.Id, renewal, "The business associate agreement's term has ended without renewal."));
            }
            else if (renewal.DayNumber - today.DayNumber <= Policy.RenewalNoticeDays)
            {
                findings.Add(Dated(FindingCodes.BaaRenewalDue, vendor.Id, renewal, "The business associate agreement is due for renewal."));
            }
        }

        if (vendor.BaaStatus == BaaStatus.Terminated)
        {
            return;
        }

        if (vendor.LastReviewedOn is not { } reviewed)
        {
            findings.Add(new ComplianceFinding
            {
                Code = FindingCodes.VendorReviewOverdue,
                Subject = vendor.Id,
                Citation = "164.308(b)(1)",
                Message = "The vendor has never been reviewed.",
            });
            return;
        }

        var due = reviewed.AddDays(Policy.ReviewIntervalDays);
        if (today > due)
        {
            findings.Add(Dated(FindingCodes.VendorReviewOverdue, vendor.Id, due, "The vendor's periodic review is overdue."));
        }
        else if (due.DayNumber - today.DayNumber <= Policy.ReviewNoticeDays)
        {
            findings.Add(Dated(FindingCodes.VendorReviewDue, vendor.Id, due, "The vendor's periodic review is due."));
        }
    }

    private static ComplianceFinding Dated(string code, string subject, DateOnly due, string message) => new()
    {
        Code = code,
        Subject = subject,
        Citation = "164.308(b)(1)",
        DueOn = due,
        Message = message,
    };
}
