using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>
/// The histories of one register's records. Thread-safe on its own, so the registers' history queries need no lock of
/// theirs; a register that changes a record and its history together calls it under its own lock as well.
/// </summary>
internal sealed class RecordHistoryBook(TimeProvider timeProvider)
{
    private readonly Dictionary<string, RecordHistory> _histories = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _histories.Count == 0;
            }
        }
    }

    public IReadOnlyList<RecordHistory> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _histories.Values.OrderBy(h => h.RecordId, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>The histories as the record store writes them.</summary>
    public IReadOnlyList<HistoryState> ToStates() => [.. All.Select(HistoryState.From)];

    /// <summary>Records a creation or a change of a record, now.</summary>
    /// <param name="recordId">The record id.</param>
    /// <param name="summary">The record's description after the change.</param>
    /// <param name="lastEffectiveOn">The date the record was last in effect; <see langword="null"/> while it is in effect.</param>
    public void Record(string recordId, string summary, DateOnly? lastEffectiveOn)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            _histories[recordId] = _histories.TryGetValue(recordId, out var history)
                ? history.Revise(now, summary, lastEffectiveOn)
                : RecordHistory.Create(recordId, now, summary, lastEffectiveOn);
        }
    }

    /// <summary>Gets the date a record stopped being in effect: the one already recorded, else today; <see langword="null"/> if it is in effect.</summary>
    public DateOnly? EndedOn(string recordId, bool ended) =>
        !ended ? null
        : TryGet(recordId, out var history) && history.LastEffectiveOn is { } last ? last
        : timeProvider.GetUtcToday();

    /// <summary>Replaces every history with stored ones; the register checked them first.</summary>
    public void Restore(Dictionary<string, RecordHistory> histories)
    {
        lock (_gate)
        {
            _histories.Clear();
            foreach (var (id, history) in histories)
            {
                _histories[id] = history;
            }
        }
    }

    public bool TryGet(string recordId, [NotNullWhen(true)] out RecordHistory? history)
    {
        lock (_gate)
        {
            return _histories.TryGetValue(recordId, out history);
        }
    }
}
