using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>
/// Holds the latest decision for each addressable specification of a catalog, in memory, and reports the
/// specifications that lack a current one. Each specification's decisions keep a <see cref="RecordHistory"/>; the
/// latest decision is in effect, so its documentation is retained for as long as it is and six years beyond. A decision is current until the end of its
/// <see cref="AddressableDecision.NextReviewOn"/> date (UTC, from the <see cref="TimeProvider"/>); from the
/// following day its review is overdue. An <see cref="IComplianceRecordStore"/> stores it with the other registers of a <see cref="ComplianceRecords"/>. Thread-safe.
/// </summary>
public sealed class AddressableDecisionRegister : IDocumentedRegister
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly AddressableDecisionValidator _validator;
    private readonly RecordBook<AddressableDecision> _book;

    /// <summary>Initializes a new instance of the <see cref="AddressableDecisionRegister"/> class.</summary>
    /// <param name="catalog">The catalog the decisions refer to.</param>
    /// <param name="timeProvider">The clock that says which reviews are overdue.</param>
    public AddressableDecisionRegister(SecurityRuleCatalog catalog, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _validator = new AddressableDecisionValidator(catalog);
        _timeProvider = timeProvider;
        _book = new RecordBook<AddressableDecision>(timeProvider, "addressable decision", d => d.Citation);
    }

    /// <summary>Gets the catalog the decisions refer to.</summary>
    public SecurityRuleCatalog Catalog => _validator.Catalog;

    /// <summary>Gets the latest decision of each specification that has one, in regulation order.</summary>
    public IReadOnlyList<AddressableDecision> Decisions
    {
        get
        {
            var latest = _book.Records.ToDictionary(d => d.Citation, StringComparer.Ordinal);
            return [.. Catalog.Specifications.Where(s => latest.ContainsKey(s.Citation)).Select(s => latest[s.Citation])];
        }
    }

    /// <summary>
    /// Validates and records a decision. It replaces the recorded decision of the same specification unless
    /// that one was decided later; on the same date, the one recorded last wins.
    /// </summary>
    /// <param name="decision">The decision.</param>
    /// <exception cref="ComplianceException">The decision is not valid (see <see cref="AddressableDecisionValidator"/>).</exception>
    public void Record(AddressableDecision decision)
    {
        _validator.Validate(decision);
        lock (_gate)
        {
            if (!_book.TryGet(decision.Citation, out var existing) || existing.DecidedOn <= decision.DecidedOn)
            {
                _book.Put(decision, null);
            }
        }
    }

    /// <summary>Gets the documentation history of the decisions of every specification that has one, in ordinal order of citation (164.316(b)(2)).</summary>
    public IReadOnlyList<RecordHistory> Histories => _book.Histories;

    /// <summary>Looks up the documentation history of the decisions of a specification.</summary>
    /// <param name="id">The citation of the specification.</param>
    /// <param name="history">The history, if a decision of the specification was ever recorded.</param>
    /// <returns><see langword="true"/> if a history exists.</returns>
    public bool TryGetHistory(string id, [NotNullWhen(true)] out RecordHistory? history) => _book.TryGetHistory(id, out history);

    /// <summary>Gets the latest decision recorded for a specification.</summary>
    /// <param name="citation">The citation of the specification.</param>
    /// <param name="decision">The decision, if any.</param>
    /// <returns><see langword="true"/> if a decision is recorded.</returns>
    public bool TryGetLatest(string citation, [NotNullWhen(true)] out AddressableDecision? decision)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return _book.TryGet(citation, out decision);
    }

    /// <summary>
    /// Gets the addressable specifications, in regulation order, that have no decision or whose latest
    /// decision's review date has passed.
    /// </summary>
    /// <returns>The specifications that need a decision.</returns>
    public IReadOnlyList<PendingAddressableDecision> GetPending()
    {
        var today = _timeProvider.GetUtcToday();
        var pending = new List<PendingAddressableDecision>();
        foreach (var specification in Catalog.GetSpecifications(ImplementationRequirement.Addressable))
        {
            if (!_book.TryGet(specification.Citation, out var decision))
            {
                pending.Add(new PendingAddressableDecision(specification, PendingDecisionReason.NoDecision, null));
            }
            else if (decision.NextReviewOn < today)
            {
                pending.Add(new PendingAddressableDecision(specification, PendingDecisionReason.ReviewOverdue, decision));
            }
        }

        return pending;
    }

    internal bool IsEmpty => _book.IsEmpty;

    internal DecisionRegisterState Export()
    {
        var (decisions, histories) = _book.Export();
        return new DecisionRegisterState { Decisions = decisions, Histories = histories };
    }

    internal void Import(DecisionRegisterState state) =>
        _book.Restore(_book.Load(state.Decisions, state.Histories, d => _validator.Validate(d)), nameof(AddressableDecisionRegister));
}
