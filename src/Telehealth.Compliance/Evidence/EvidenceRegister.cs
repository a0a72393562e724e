using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// Holds the latest <see cref="EvidenceItem"/> of each id and the history of every item recorded under it (164.316(b)(2):
/// what was observed, when and with which outcome), checks every item against a catalog, runs
/// <see cref="IEvidenceCollector"/>s, and flags stale evidence by the <see cref="TimeProvider"/>. An <see cref="IComplianceRecordStore"/> stores it with the other registers of a <see cref="ComplianceRecords"/>.
/// Thread-safe.
/// </summary>
public sealed class EvidenceRegister : IDocumentedRegister
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly RecordBook<EvidenceItem> _book;

    /// <summary>Initializes a new instance of the <see cref="EvidenceRegister"/> class.</summary>
    /// <param name="catalog">The catalog evidence citations are checked against.</param>
    /// <param name="timeProvider">The clock that says which evidence is stale.</param>
    public EvidenceRegister(SecurityRuleCatalog catalog, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Catalog = catalog;
        _timeProvider = timeProvider;
        _book = new RecordBook<EvidenceItem>(timeProvider, "evidence", i => i.Id, i => $"{i}: {i.Observation}");
    }

    /// <summary>Gets the catalog evidence citations are checked against.</summary>
    public SecurityRuleCatalog Catalog { get; }

    /// <summary>Gets the latest item of each id, in ordinal order of id.</summary>
    public IReadOnlyList<EvidenceItem> Items => _book.Records;

    /// <summary>
    /// Checks and records an item. It supersedes the recorded item of the same id unless that one was collected later;
    /// with equal collection times, the one recorded last wins.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <exception cref="ComplianceException">
    /// The item is not valid: a citation is not in the catalog (<c>TH5001</c>), a field is malformed or missing (<c>TH5023</c>,
    /// <c>TH5026</c>), an enum is undefined (<c>TH5030</c>), or it expires before it was collected (<c>TH5050</c>).
    /// </exception>
    public void Add(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Check(Catalog);
        lock (_gate)
        {
            Keep(item);
        }
    }

    /// <summary>Runs collectors one after another and records what they return; the items of one collector are recorded together or not at all.</summary>
    /// <param name="collectors">The collectors.</param>
    /// <param name="cancellationToken">Cancels the collection.</param>
    /// <returns>The number of items recorded.</returns>
    /// <exception cref="ComplianceException">A collector returned an invalid item (<c>TH5051</c>, with the reason as inner exception); the items of the collectors before it stay recorded.</exception>
    public async Task<int> CollectAsync(IEnumerable<IEvidenceCollector> collectors, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectors);
        var recorded = 0;
        foreach (var collector in collectors)
        {
            ArgumentNullException.ThrowIfNull(collector, nameof(collectors));
            cancellationToken.ThrowIfCancellationRequested();
            using var activity = ComplianceTelemetry.StartCollection(collector.Name);
            var items = await collector.CollectAsync(cancellationToken).ConfigureAwait(false) ?? [];
            foreach (var item in items)
            {
                try
                {
                    ArgumentNullException.ThrowIfNull(item, nameof(items));
                    item.Check(Catalog);
                }
                catch (Exception ex) when (ex is ComplianceException or ArgumentNullException)
                {
                    throw Errors.CollectorReturnedInvalid(collector.Name, ex);
                }
            }

            lock (_gate)
            {
                foreach (var item in items)
                {
                    Keep(item);
                }
            }

            recorded += items.Count;
            ComplianceTelemetry.RecordCollected(activity, collector.Name, items.Count);
        }

        return recorded;
    }

    /// <summary>
    /// Gets the documentation history of every evidence id, in ordinal order of id: one revision per item recorded
    /// (outcome, metric, source and collection time). Evidence ids stay in effect, so their histories are retained.
    /// </summary>
    public IReadOnlyList<RecordHistory> Histories => _book.Histories;

    /// <summary>Looks up the documentation history of an evidence id.</summary>
    /// <param name="id">The evidence id.</param>
    /// <param name="history">The history, if the id was ever recorded.</param>
    /// <returns><see langword="true"/> if a history exists.</returns>
    public bool TryGetHistory(string id, [NotNullWhen(true)] out RecordHistory? history) => _book.TryGetHistory(id, out history);

    /// <summary>Looks up the latest item of an id.</summary>
    /// <param name="id">The evidence id.</param>
    /// <param name="item">The item, if recorded.</param>
    /// <returns><see langword="true"/> if an item is recorded.</returns>
    public bool TryGet(string id, [NotNullWhen(true)] out EvidenceItem? item)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _book.TryGet(id, out item);
    }

    /// <summary>Gets the items linked to a citation, in ordinal order of id.</summary>
    /// <param name="citation">The citation, such as <c>164.312(b)</c>.</param>
    /// <returns>The items.</returns>
    public IReadOnlyList<EvidenceItem> GetForCitation(string citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return [.. Items.Where(e => e.Citations.Contains(citation, StringComparer.Ordinal))];
    }

    /// <summary>Gets a value indicating whether an item is stale now.</summary>
    /// <param name="item">The item.</param>
    /// <returns><see langword="true"/> if stale.</returns>
    public bool IsStale(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.IsStaleAt(_timeProvider.GetUtcNow());
    }

    /// <summary>
    /// Reports, as findings: stale items (<see cref="FindingCodes.EvidenceStale"/>) and current items that show a gap
    /// (<see cref="FindingCodes.EvidenceNotSatisfied"/>).
    /// </summary>
    /// <returns>The findings, in ordinal order of evidence id.</returns>
    public IReadOnlyList<ComplianceFinding> Check()
    {
        var now = _timeProvider.GetUtcNow();
        var findings = new List<ComplianceFinding>();
        foreach (var item in Items)
        {
            if (item.IsStaleAt(now))
            {
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.EvidenceStale,
                    Subject = item.Id,
                    Citation = item.Citations[0],
                    DueOn = DateOnly.FromDateTime(item.ExpiresAt.UtcDateTime),
                    Message = string.Create(CultureInfo.InvariantCulture, $"The evidence from '{item.Source}' expired at {item.ExpiresAt:u}; collect it again."),
                });
            }
            else if (item.Outcome == EvidenceOutcome.NotSatisfied)
            {
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.EvidenceNotSatisfied,
                    Subject = item.Id,
                    Citation = item.Citations[0],
                    Message = $"The evidence from '{item.Source}' shows a gap: {item.Observation}.",
                });
            }
        }

        return findings;
    }

    private void Keep(EvidenceItem item)
    {
        // Every recorded item is documentation, also one that arrives after a later one; evidence ids stay in effect.
        if (!_book.TryGet(item.Id, out var existing) || existing.CollectedAt <= item.CollectedAt)
        {
            _book.Put(item, null);
        }
        else
        {
            _book.Revise(item, null);
        }
    }

    internal bool IsEmpty => _book.IsEmpty;

    internal EvidenceRegisterState Export()
    {
        var (items, histories) = _book.Export();
        return new EvidenceRegisterState { Items = items, Histories = histories };
    }

    internal void Import(EvidenceRegisterState state) =>
        _book.Restore(_book.Load(state.Items, state.Histories, i => i.Check(Catalog)), nameof(EvidenceRegister));
}
