namespace Telehealth.Compliance;

/// <summary>
/// The registers of the package that an <see cref="IComplianceRecordStore"/> keeps together: addressable decisions,
/// vendors, risks, breach assessments and evidence, all on one catalog and one clock. Each register keeps its own
/// public behavior; this type only groups them for storage and dependency injection.
/// </summary>
public sealed class ComplianceRecords
{
    private readonly Dictionary<string, long> _generations = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Initializes a new instance of the <see cref="ComplianceRecords"/> class with empty registers.</summary>
    /// <param name="catalog">The catalog the registers refer to.</param>
    /// <param name="timeProvider">The clock of the registers.</param>
    public ComplianceRecords(SecurityRuleCatalog catalog, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Catalog = catalog;
        TimeProvider = timeProvider;
        Decisions = new AddressableDecisionRegister(catalog, timeProvider);
        Vendors = new VendorInventory(timeProvider);
        Risks = new RiskRegister(catalog, timeProvider);
        Breaches = new BreachAssessmentLog(timeProvider);
        Evidence = new EvidenceRegister(catalog, timeProvider);
    }

    /// <summary>Gets the catalog the registers refer to.</summary>
    public SecurityRuleCatalog Catalog { get; }

    /// <summary>Gets the clock of the registers.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the addressable decisions.</summary>
    public AddressableDecisionRegister Decisions { get; }

    /// <summary>Gets the vendor inventory.</summary>
    public VendorInventory Vendors { get; }

    /// <summary>Gets the risk register.</summary>
    public RiskRegister Risks { get; }

    /// <summary>Gets the breach assessments.</summary>
    public BreachAssessmentLog Breaches { get; }

    /// <summary>Gets the evidence.</summary>
    public EvidenceRegister Evidence { get; }

    /// <summary>
    /// Gets the five registers as documentation, in the order above, so retention can be reviewed across them in one loop:
    /// every record's <see cref="RecordHistory"/> with its <see cref="RecordHistory.RetainUntil"/> date.
    /// </summary>
    public IReadOnlyList<IDocumentedRegister> Registers => [Decisions, Vendors, Risks, Breaches, Evidence];

    /// <summary>Gets the generation of a stored document these registers were last loaded from or saved to; <see langword="null"/> if never.</summary>
    internal long? GetGeneration(string path)
    {
        lock (_gate)
        {
            return _generations.TryGetValue(path, out var generation) ? generation : null;
        }
    }

    internal void SetGeneration(string path, long generation)
    {
        lock (_gate)
        {
            _generations[path] = generation;
        }
    }

    internal ComplianceRecordsState Export() => new()
    {
        CatalogVersion = Catalog.Version,
        Decisions = Decisions.Export(),
        Vendors = Vendors.Export(),
        Risks = Risks.Export(),
        Breaches = Breaches.Export(),
        Evidence = Evidence.Export(),
    };

    /// <summary>
    /// Loads a stored state. It is first loaded into scratch registers, so a state that fails a check leaves these
    /// registers untouched rather than half loaded.
    /// </summary>
    internal void Import(ComplianceRecordsState state)
    {
        StoredState.RequireEmpty(Decisions.IsEmpty, nameof(AddressableDecisionRegister));
        StoredState.RequireEmpty(Vendors.IsEmpty, nameof(VendorInventory));
        StoredState.RequireEmpty(Risks.IsEmpty, nameof(RiskRegister));
        StoredState.RequireEmpty(Breaches.IsEmpty, nameof(BreachAssessmentLog));
        StoredState.RequireEmpty(Evidence.IsEmpty, nameof(EvidenceRegister));
        new ComplianceRecords(Catalog, TimeProvider).ImportInto(state);
        ImportInto(state);
    }

    private void ImportInto(ComplianceRecordsState state)
    {
        Decisions.Import(state.Decisions);
        Vendors.Import(state.Vendors);
        Risks.Import(state.Risks);
        Breaches.Import(state.Breaches);
        Evidence.Import(state.Evidence);
    }
}
