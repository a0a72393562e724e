using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>
/// The inventory of vendors that handle PHI, the PHI flows to them and their subcontractor graph, in memory.
/// <see cref="Check"/> reports, as <see cref="ComplianceFinding"/>s: PHI flowing to a vendor without an active
/// agreement, agreement clauses missing or weaker than the <see cref="BaaPolicy"/>, renewals and periodic reviews due or
/// overdue (dates from the <see cref="TimeProvider"/>, UTC), and flow-down gaps at every level of the subcontractor
/// graph, which may be of any depth and may even contain cycles. Each vendor keeps a <see cref="RecordHistory"/>,
/// in effect until its agreement expires or is terminated. An <see cref="IComplianceRecordStore"/> stores it with the other registers of a <see cref="ComplianceRecords"/>.
/// Thread-safe.
/// </summary>
public sealed partial class VendorInventory : IDocumentedRegister
{
    internal const string VendorKind = "vendor";
    private readonly List<PhiFlow> _flows = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly RecordBook<Vendor> _book;

    /// <summary>Initializes a new instance of the <see cref="VendorInventory"/> class.</summary>
    /// <param name="timeProvider">The clock that says which renewals and reviews are due.</param>
    /// <param name="policy">The policy; <see langword="null"/> for the default <see cref="BaaPolicy"/>.</param>
    /// <exception cref="ComplianceException">The policy holds a value out of range (<c>TH5029</c>, <c>TH5030</c>).</exception>
    public VendorInventory(TimeProvider timeProvider, BaaPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _book = new RecordBook<Vendor>(timeProvider, VendorKind, v => v.Id);
        Validator = new BaaValidator(policy);
    }

    /// <summary>Gets the policy.</summary>
    public BaaPolicy Policy => Validator.Policy;

    /// <summary>Gets the validator of agreement clauses.</summary>
    public BaaValidator Validator { get; }

    /// <summary>Gets the vendors in ordinal order of id.</summary>
    public IReadOnlyList<Vendor> Vendors => _book.Records;

    /// <summary>Gets the PHI flows in the order added.</summary>
    public IReadOnlyList<PhiFlow> Flows
    {
        get
        {
            lock (_gate)
            {
                return [.. _flows];
            }
        }
    }

    /// <summary>Adds a vendor. Its subcontractors may be added later; until then they are reported as unknown.</summary>
    /// <param name="vendor">The vendor.</param>
    /// <exception cref="ComplianceException">
    /// The vendor is not valid (<c>TH5023</c>, <c>TH5026</c>–<c>TH5030</c>) or its id is already recorded (<c>TH5024</c>).
    /// </exception>
    public void Add(Vendor vendor)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        vendor.Check();
        lock (_gate)
        {
            _book.Add(vendor, LastEffectiveOn(vendor));
        }
    }

    /// <summary>Replaces a recorded vendor with a new version of the same id, such as after a renewal or review.</summary>
    /// <param name="vendor">The new version.</param>
    /// <exception cref="ComplianceException">The vendor is not valid (<c>TH5023</c>, <c>TH5026</c>–<c>TH5030</c>) or not recorded (<c>TH5025</c>).</exception>
    public void Update(Vendor vendor)
    {
        ArgumentNullException.ThrowIfNull(vendor);
        vendor.Check();
        lock (_gate)
        {
            _book.Replace(vendor, LastEffectiveOn(vendor));
        }
    }

    /// <summary>Looks up a vendor.</summary>
    /// <param name="id">The vendor id.</param>
    /// <param name="vendor">The vendor, if recorded.</param>
    /// <returns><see langword="true"/> if the vendor is recorded.</returns>
    public bool TryGet(string id, [NotNullWhen(true)] out Vendor? vendor)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _book.TryGet(id, out vendor);
    }

    /// <summary>Gets the documentation history of every vendor, in ordinal order of id (164.316(b)(2)).</summary>
    public IReadOnlyList<RecordHistory> Histories => _book.Histories;

    /// <summary>Looks up the documentation history of a vendor.</summary>
    /// <param name="id">The vendor id.</param>
    /// <param name="history">The history, if the vendor was ever recorded.</param>
    /// <returns><see langword="true"/> if a history exists.</returns>
    public bool TryGetHistory(string id, [NotNullWhen(true)] out RecordHistory? history) => _book.TryGetHistory(id, out history);

    /// <summary>Records a PHI flow to a vendor of the inventory.</summary>
    /// <param name="flow">The flow.</param>
    /// <exception cref="ComplianceException">
    /// A field is blank (<c>TH5026</c>), the volume is negative (<c>TH5029</c>) or the receiving vendor is not recorded (<c>TH5025</c>).
    /// </exception>
    public void AddFlow(PhiFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        flow.Check();
        lock (_gate)
        {
            if (!_book.TryGet(flow.To, out _))
            {
                throw Errors.Unknown(VendorKind, flow.To);
            }

            _flows.Add(flow);
        }
    }

    /// <summary>Removes the PHI flows that match a condition, such as the flows to a vendor whose service has ended.</summary>
    /// <param name="match">The condition.</param>
    /// <returns>The number of flows removed.</returns>
    public int RemoveFlows(Func<PhiFlow, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            return _flows.RemoveAll(f => match(f));
        }
    }

    /// <summary>Gets a value indicating whether a vendor has an agreement that is active today (UTC).</summary>
    /// <param name="vendorId">The vendor id.</param>
    /// <returns><see langword="true"/> if the vendor is recorded and its agreement is active.</returns>
    public bool HasActiveAgreement(string vendorId)
    {
        ArgumentNullException.ThrowIfNull(vendorId);
        return TryGet(vendorId, out var vendor) && vendor.Agreement?.IsActiveOn(_timeProvider.GetUtcToday()) == true;
    }

    /// <summary>A vendor's documentation is in effect until its agreement expires or is terminated; the first such day is kept.</summary>
    private DateOnly? LastEffectiveOn(Vendor vendor) => _book.EndedOn(vendor.Id, vendor.BaaStatus is BaaStatus.Expired or BaaStatus.Terminated);

    internal bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _book.IsEmpty && _flows.Count == 0;
            }
        }
    }

    internal VendorInventoryState Export()
    {
        lock (_gate)
        {
            var (vendors, histories) = _book.Export();
            return new VendorInventoryState { Vendors = vendors, Flows = [.. _flows], Histories = histories };
        }
    }

    internal void Import(VendorInventoryState state)
    {
        var loaded = _book.Load(state.Vendors, state.Histories, v => v.Check());
        StoredState.RequireElements(state.Flows, "PHI flows");
        var ids = loaded.Records.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var flow in state.Flows)
        {
            flow.Check();
            if (!ids.Contains(flow.To))
            {
                throw Errors.Unknown(VendorKind, flow.To);
            }
        }

        lock (_gate)
        {
            StoredState.RequireEmpty(_flows.Count == 0, nameof(VendorInventory));
            _book.Restore(loaded, nameof(VendorInventory));
            _flows.AddRange(state.Flows);
        }
    }
}
