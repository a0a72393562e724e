using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>
/// Holds the latest decision for each addressable specification of a catalog, in memory, and reports the
/// specifications that lack a current one. Each specification's decisions keep a <see cref="RecordHistory"/>; the
/// latest decision is in effect, so its documentation is retained for as long as it is and six years beyond. A decision is current until the end of its
/// <see cref="AddressableDecision.NextReviewOn"/> date (UTC, from the <see cref="TimeProvider"/>); from the
/// following day its review is overdue. An <see cref="IComplianceRecordStore"/> stores it with the other registers of a <see cref="ComplianceRecords"/>. Thread-safe.
/// </summary>
public sealed class AddressableDecisionRegister
{
    private readonly Dictionary<string, AddressableDecision> _latest = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly AddressableDecisionValidator _validator;
    private readonly RecordHistoryBook _history;

    /// <summary>Initializes a new instance of the <see cref="AddressableDecisionRegister"/> class.</summary>
    /// <param name="catalog">The catalog the decisions refer to.</param>
    /// <param name="timeProvider">The clock that says which reviews are overdue.</param>
    public AddressableDecisionRegister(SecurityRuleCatalog catalog, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _validator = new AddressableDecisionValidator(catalog);
        _timeProvider = timeProvider;
        _history = new RecordHistoryBook(timeProvider);
    }

    /// <summary>Gets the catalog the decisions refer to.</summary>
    public SecurityRuleCatalog Catalog => _validator.Catalog;

    /// <summary>Gets the latest decision of each specification that has one, in regulation order.</summary>
    public IReadOnlyList<AddressableDecision> Decisions
    {
        get
        {
            lock (_gate)
            {
                return [.. Catalog.Specifications.Where(s => _latest.ContainsKey(s.Citation)).Select(s => _latest[s.Citation])];
            }
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
            if (!_latest.TryGetValue(decision.Citation, out var existing) || existing.DecidedOn <= decision.DecidedOn)
            {
                _latest[decision.Citation] = decision;
                _history.Record(decision.Citation, decision.ToString(), null);
            }
        }
    }

    /// <summary>Gets the documentation history of the decisions of every specification that has one, in ordinal order of citation (164.316(b)(2)).</summary>
    public IReadOnlyList<RecordHistory> Histories => _history.All;

    /// <summary>Looks up the documentation history of the decisions of a specification.</summary>
    /// <param name="id">The citation of the specification.</param>
    /// <param name="history">The history, if a decision of the specification was ever recorded.</param>
    /// <returns><see langword="true"/> if a history exists.</returns>
    public bool TryGetHistory(string id, [NotNullWhen(true)] out RecordHistory? history) => _history.TryGet(id ?? throw new ArgumentNullException(nameof(id)), out history);

    /// <summary>Gets the latest decision recorded for a specification.</summary>
    /// <param name="citation">The citation of the specification.</param>
    /// <param name="decision">The decision, if any.</param>
    /// <returns><see langword="true"/> if a decision is recorded.</returns>
    public bool TryGetLatest(string citation, [NotNullWhen(true)] out AddressableDecision? decision)
    {
        ArgumentNullException.ThrowIfNull(citation);
        lock (_gate)
        {
            return _latest.TryGetValue(citation, out decision);
        }
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
        lock (_gate)
        {
            foreach (var specification in Catalog.GetSpecifications(ImplementationRequirement.Addressable))
            {
                if (!_latest.TryGetValue(specification.Citation, out var decision))
                {
                    pending.Add(new PendingAddressableDecision(specification, PendingDecisionReason.NoDecision, null));
                }
                else if (decision.NextReviewOn < today)
                {
                    pending.Add(new PendingAddressableDecision(specification, PendingDecisionReason.ReviewOverdue, decision));
                }
            }
        }

        return pending;
    }

    internal bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _latest.Count == 0 && _history.IsEmpty;
            }
        }
    }

    internal DecisionRegisterState Export()
    {
        lock (_gate)
        {
            return new DecisionRegisterState
            {
                Decisions = [.. _latest.Values.OrderBy(d => d.Citation, StringComparer.Ordinal)],
                Histories = _history.ToStates(),
            };
        }
    }

    internal void Import(DecisionRegisterState state)
    {
        StoredState.RequireElements(state.Decisions, "addressable decisions");
        foreach (var decision in state.Decisions)
        {
            _validator.Validate(decision);
        }

        StoredState.RequireUnique(state.Decisions.Select(d => d.Citation), "addressable decision");
        var histories = StoredState.Histories(state.Histories, state.Decisions.Select(d => d.Citation), "addressable decision");
        lock (_gate)
        {
            StoredState.RequireEmpty(_latest.Count == 0 && _history.IsEmpty, nameof(AddressableDecisionRegister));
            foreach (var decision in state.Decisions)
            {
                _latest[decision.Citation] = decision;
            }

            _history.Restore(histories);
        }
    }
}
