using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>
/// The records of one register by id, each with its <see cref="RecordHistory"/>, and their stored form: the one
/// mechanism the five registers share for keeping, revising, exporting and loading documentation. Thread-safe on its own,
/// so a register's queries need no lock of theirs; a register that changes a record together with state of its own (PHI
/// flows, notices) calls it under its own lock as well.
/// </summary>
/// <typeparam name="TRecord">The record type, such as <see cref="Vendor"/>.</typeparam>
internal sealed class RecordBook<TRecord>
    where TRecord : class
{
    private readonly Dictionary<string, TRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RecordHistory> _histories = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly Func<TRecord, string> _idOf;
    private readonly Func<TRecord, string> _summaryOf;

    /// <param name="timeProvider">The clock that dates revisions.</param>
    /// <param name="kind">What a record is, for messages: <c>vendor</c>, <c>risk</c>.</param>
    /// <param name="idOf">The id of a record.</param>
    /// <param name="summaryOf">The PHI-free description a revision keeps; the record's <c>ToString()</c> when <see langword="null"/>.</param>
    public RecordBook(TimeProvider timeProvider, string kind, Func<TRecord, string> idOf, Func<TRecord, string>? summaryOf = null)
    {
        _timeProvider = timeProvider;
        Kind = kind;
        _idOf = idOf;
        _summaryOf = summaryOf ?? (r => r.ToString() ?? string.Empty);
    }

    public string Kind { get; }

    /// <summary>Gets the records in ordinal order of id.</summary>
    public IReadOnlyList<TRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value)];
            }
        }
    }

    /// <summary>Gets the history of every record ever kept, in ordinal order of id.</summary>
    public IReadOnlyList<RecordHistory> Histories
    {
        get
        {
            lock (_gate)
            {
                return [.. _histories.Values.OrderBy(h => h.RecordId, StringComparer.Ordinal)];
            }
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _records.Count == 0 && _histories.Count == 0;
            }
        }
    }

    public bool TryGet(string id, [NotNullWhen(true)] out TRecord? record)
    {
        lock (_gate)
        {
            return _records.TryGetValue(id, out record);
        }
    }

    public bool TryGetHistory(string id, [NotNullWhen(true)] out RecordHistory? history)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            return _histories.TryGetValue(id, out history);
        }
    }

    /// <summary>Adds a record that is not kept yet, with its first revision.</summary>
    /// <exception cref="ComplianceException">A record with its id is kept (<c>TH5024</c>).</exception>
    public void Add(TRecord record, DateOnly? lastEffectiveOn)
    {
        lock (_gate)
        {
            if (_records.ContainsKey(_idOf(record)))
            {
                throw Errors.Duplicate(Kind, _idOf(record));
            }

            Put(record, lastEffectiveOn);
        }
    }

    /// <summary>Replaces a kept record with a new version and records the revision.</summary>
    /// <exception cref="ComplianceException">No record with its id is kept (<c>TH5025</c>).</exception>
    public void Replace(TRecord record, DateOnly? lastEffectiveOn)
    {
        lock (_gate)
        {
            if (!_records.ContainsKey(_idOf(record)))
            {
                throw Errors.Unknown(Kind, _idOf(record));
            }

            Put(record, lastEffectiveOn);
        }
    }

    /// <summary>Keeps a record, new or replacing the one of its id, and records the revision now.</summary>
    public void Put(TRecord record, DateOnly? lastEffectiveOn)
    {
        lock (_gate)
        {
            _records[_idOf(record)] = record;
            Revise(_idOf(record), _summaryOf(record), lastEffectiveOn);
        }
    }

    /// <summary>Records a revision of a record without replacing it, such as an older item or a notice given; now.</summary>
    public void Revise(TRecord record, DateOnly? lastEffectiveOn) => Revise(_idOf(record), _summaryOf(record), lastEffectiveOn);

    /// <summary>Records a revision with a description of its own, now.</summary>
    public void Revise(string id, string summary, DateOnly? lastEffectiveOn)
    {
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            _histories[id] = _histories.TryGetValue(id, out var history)
                ? history.Revise(now, summary, lastEffectiveOn)
                : RecordHistory.Create(id, now, summary, lastEffectiveOn);
        }
    }

    /// <summary>Gets the date a record stopped being in effect: the one already recorded, else today; <see langword="null"/> if it is in effect.</summary>
    public DateOnly? EndedOn(string id, bool ended) =>
        !ended ? null
        : TryGetHistory(id, out var history) && history.LastEffectiveOn is { } last ? last
        : _timeProvider.GetUtcToday();

    /// <summary>The records and their histories as the record store writes them.</summary>
    public (IReadOnlyList<TRecord> Records, IReadOnlyList<HistoryState> Histories) Export()
    {
        lock (_gate)
        {
            return (Records, [.. Histories.Select(HistoryState.From)]);
        }
    }

    /// <summary>
    /// Checks stored records and their histories, as a file is not trusted: no empty entry, each record valid by
    /// <paramref name="check"/>, ids unique, every record with a history whose retention date follows from it. Throws
    /// before anything is kept; <see cref="Restore"/> then keeps the result.
    /// </summary>
    public Loaded Load(IReadOnlyList<TRecord>? records, IReadOnlyList<HistoryState>? histories, Action<TRecord> check)
    {
        StoredState.RequireElements(records, Kind + " records");
        foreach (var record in records)
        {
            check(record);
        }

        StoredState.RequireUnique(records.Select(_idOf), Kind);
        return new Loaded(records, StoredState.Histories(histories, records.Select(_idOf), Kind));
    }

    /// <summary>Keeps what <see cref="Load"/> checked; the book must be empty.</summary>
    /// <exception cref="InvalidOperationException">The book already keeps records.</exception>
    public void Restore(Loaded loaded, string register)
    {
        lock (_gate)
        {
            StoredState.RequireEmpty(_records.Count == 0 && _histories.Count == 0, register);
            foreach (var record in loaded.Records)
            {
                _records[_idOf(record)] = record;
            }

            foreach (var (id, history) in loaded.Histories)
            {
                _histories[id] = history;
            }
        }
    }

    /// <summary>Stored records and histories that passed every check.</summary>
    internal sealed class Loaded(IReadOnlyList<TRecord> records, IReadOnlyDictionary<string, RecordHistory> histories)
    {
        public IReadOnlyList<TRecord> Records { get; } = records;

        public IReadOnlyDictionary<string, RecordHistory> Histories { get; } = histories;
    }
}
