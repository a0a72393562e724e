using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>
/// The breach assessments of an organization, in memory, each with its notification schedule and its
/// <see cref="RecordHistory"/>. An assessment is documentation in effect until the later of its assessment date and its
/// last notification deadline; it is retained six years beyond (164.316(b)(2)(i); 164.414(b) puts the burden of proof
/// on the organization). Persisting the log is the caller's concern. Thread-safe.
/// </summary>
public sealed class BreachAssessmentLog
{
    private readonly Dictionary<string, BreachNotificationSchedule> _schedules = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly RecordHistoryBook _history;

    /// <summary>Initializes a new instance of the <see cref="BreachAssessmentLog"/> class.</summary>
    /// <param name="timeProvider">The clock that dates the history.</param>
    public BreachAssessmentLog(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _history = new RecordHistoryBook(timeProvider);
    }

    /// <summary>Gets the schedules of the recorded assessments, in ordinal order of id.</summary>
    public IReadOnlyList<BreachNotificationSchedule> Schedules
    {
        get
        {
            lock (_gate)
            {
                return [.. _schedules.Values.OrderBy(s => s.Assessment.Id, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Records a new assessment or a revision of one with the same id, and derives its schedule.</summary>
    /// <param name="assessment">The assessment.</param>
    /// <returns>The notification schedule.</returns>
    /// <exception cref="ComplianceException">The assessment is not complete and consistent (see <see cref="BreachDeadlineEngine.Schedule"/>).</exception>
    public BreachNotificationSchedule Record(BreachAssessment assessment)
    {
        var schedule = BreachDeadlineEngine.Schedule(assessment);
        var lastEffective = schedule.Deadlines.Select(d => d.DueBy).Append(assessment.AssessedOn).Max();
        lock (_gate)
        {
            _schedules[assessment.Id] = schedule;
            _history.Record(assessment.Id, assessment.ToString(), lastEffective);
        }

        return schedule;
    }

    /// <summary>Looks up the schedule of an assessment.</summary>
    /// <param name="id">The assessment id.</param>
    /// <param name="schedule">The schedule, with its assessment, if recorded.</param>
    /// <returns><see langword="true"/> if the assessment is recorded.</returns>
    public bool TryGet(string id, [NotNullWhen(true)] out BreachNotificationSchedule? schedule)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            return _schedules.TryGetValue(id, out schedule);
        }
    }

    /// <summary>Gets the documentation history of every assessment, in ordinal order of id (164.316(b)(2)).</summary>
    public IReadOnlyList<RecordHistory> Histories
    {
        get
        {
            lock (_gate)
            {
                return _history.All;
            }
        }
    }

    /// <summary>Looks up the documentation history of an assessment.</summary>
    /// <param name="id">The assessment id.</param>
    /// <param name="history">The history, if the assessment was ever recorded.</param>
    /// <returns><see langword="true"/> if a history exists.</returns>
    public bool TryGetHistory(string id, [NotNullWhen(true)] out RecordHistory? history)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            return _history.TryGet(id, out history);
        }
    }
}
