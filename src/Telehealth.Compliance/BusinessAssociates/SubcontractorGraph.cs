using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// The subcontractor graph of a <see cref="VendorInventory"/>: every vendor lists the subcontractors it engages, each itself
/// a vendor of the inventory, to any depth. Every edge is checked (164.314(a)(2)(iii): the agreement of a subcontractor is
/// its agreement with the vendor that engages it), and cycles are found without looping.
/// </summary>
internal static class SubcontractorGraph
{
    /// <summary>Checks the edges from a vendor to its subcontractors: the flow-down clause, each subcontractor's own active agreement, and flow-down gaps.</summary>
    public static void Check(Vendor vendor, Dictionary<string, Vendor> vendors, DateOnly today, List<ComplianceFinding> findings)
    {
        if (vendor.SubcontractorIds.Count == 0)
        {
            return;
        }

        if (vendor.Agreement?.Contains(BaaClause.SubcontractorFlowDown) != true)
        {
            findings.Add(new ComplianceFinding
            {
                Code = FindingCodes.FlowDownClauseMissing,
                Subject = vendor.Id,
                Citation = "164.314(a)(2)(i)(B)",
                Message = string.Create(CultureInfo.InvariantCulture, $"The vendor has {vendor.SubcontractorIds.Count} subcontractors, but its agreement lacks the subcontractor flow-down clause."),
            });
        }

        foreach (var id in vendor.SubcontractorIds.Distinct(StringComparer.Ordinal))
        {
            if (!vendors.TryGetValue(id, out var subcontractor))
            {
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.UnknownSubcontractor,
                    Subject = vendor.Id,
                    Citation = "164.314(a)(2)(iii)",
                    Message = $"The subcontractor '{id}' is not in the inventory.",
                });
                continue;
            }

            if (subcontractor.Agreement?.IsActiveOn(today) != true)
            {
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.SubcontractorWithoutActiveBaa,
                    Subject = id,
                    Citation = "164.314(a)(2)(iii)",
                    Message = $"The subcontractor of '{vendor.Id}' has no active business associate agreement (status {subcontractor.BaaStatus}).",
                });
                continue;
            }

            if (vendor.Agreement is { } upper)
            {
                foreach (var (gap, regulatory) in BaaValidator.FlowDownGaps(upper, subcontractor.Agreement))
                {
                    findings.Add(new ComplianceFinding
                    {
                        Code = FindingCodes.FlowDownNotMet,
                        Subject = id,
                        Citation = regulatory ? "164.314(a)(2)(i)(B)" : null,
                        Message = $"The agreement of the subcontractor of '{vendor.Id}' {gap}.",
                    });
                }
            }
        }
    }

    /// <summary>Depth-first search with three colors: every vendor is entered once, so a cycle cannot make it loop.</summary>
    public static void FindCycles(Dictionary<string, Vendor> vendors, List<ComplianceFinding> findings)
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path; true: finished
        var path = new List<string>();
        foreach (var id in vendors.Keys.Order(StringComparer.Ordinal))
        {
            Visit(id);
        }

        void Visit(string id)
        {
            if (state.TryGetValue(id, out var finished))
            {
                if (!finished)
                {
                    var cycle = path[path.IndexOf(id)..];
                    findings.Add(new ComplianceFinding
                    {
                        Code = FindingCodes.SubcontractorCycle,
                        Subject = id,
                        Citation = "164.314(a)(2)(iii)",
                        Message = $"The subcontractor graph has a cycle: {string.Join(" > ", cycle)} > {id}.",
                    });
                }

                return;
            }

            state[id] = false;
            path.Add(id);
            foreach (var next in vendors[id].SubcontractorIds.Distinct(StringComparer.Ordinal).Where(vendors.ContainsKey))
            {
                Visit(next);
            }

            path.RemoveAt(path.Count - 1);
            state[id] = true;
        }
    }
}
