using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// The breach assessments of an organization, in memory, each with its notification schedule, the notices given, and
/// its <see cref="RecordHistory"/>. <see cref="Check"/> reports notices that are overdue, were given late, or were given
/// while a law enforcement delay applied. An assessment is documentation in effect until the later of its assessment date and its
/// last notification deadline; it is retained six years beyond (164.316(b)(2)(i); 164.414(b) puts the burden of proof
/// on the organization). An <see cref="IComplianceRecordStore"/> stores it with the other registers of a <see cref="ComplianceRecords"/>. Thread-safe.
/// </summary>
public sealed class BreachAssessmentLog : IDocumentedRegister
{
    private const string LawEnforcementDelayCitation = "164.412";

    private readonly Dictionary<(string Id, BreachNotificationRecipient Recipient, string Jurisdiction), DateOnly> _notices = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly RecordBook<BreachNotificationSchedule> _book;

    /// <summary>Initializes a new instance of the <see cref="BreachAssessmentLog"/> class.</summary>
    /// <param name="timeProvider">The clock that dates the history.</param>
    public BreachAssessmentLog(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _book = new RecordBook<BreachNotificationSchedule>(timeProvider, BreachDeadlineEngine.AssessmentKind, s => s.Assessment.Id, s => s.Assessment.ToString());
    }

    /// <summary>Gets the schedules of the recorded assessments, in ordinal order of id.</summary>
    public IReadOnlyList<BreachNotificationSchedule> Schedules => _book.Records;

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
            _book.Put(schedule, lastEffective);
        }

        return schedule;
    }

    /// <summary>Records that a required notice was given; the first date recorded for a notice stands.</summary>
    /// <param name="assessmentId">The assessment id.</param>
    /// <param name="recipient">Who was notified.</param>
    /// <param name="givenOn">The date the notice was given.</param>
    /// <param name="jurisdiction">The State or jurisdiction, for <see cref="BreachNotificationRecipient.Media"/>: its USPS code or name, in any case.</param>
    /// <exception cref="ComplianceException">The assessment is not recorded (<c>TH5025</c>) or its schedule has no such notice (<c>TH5045</c>).</exception>
    public void RecordNotice(string assessmentId, BreachNotificationRecipient recipient, DateOnly givenOn, string? jurisdiction = null)
    {
        ArgumentNullException.ThrowIfNull(assessmentId);
        jurisdiction = Normalize(jurisdiction);
        lock (_gate)
        {
            if (!_book.TryGet(assessmentId, out var schedule))
            {
                throw Errors.Unknown(BreachDeadlineEngine.AssessmentKind, assessmentId);
            }

            if (!schedule.Deadlines.Any(d => d.Recipient == recipient && d.Jurisdiction == jurisdiction))
            {
                throw Errors.NoSuchNotice(assessmentId, recipient, jurisdiction);
            }

            if (_notices.TryAdd((assessmentId, recipient, jurisdiction ?? string.Empty), givenOn) && _book.TryGetHistory(assessmentId, out var history))
            {
                _book.Revise(
                    assessmentId,
                    string.Create(CultureInfo.InvariantCulture, $"{schedule.Assessment}; {recipient}{(jurisdiction is null ? string.Empty : " " + jurisdiction)} notified {givenOn:yyyy-MM-dd}"),
                    history.LastEffectiveOn);
            }
        }
    }

    /// <summary>Gets the date a notice was given, if recorded.</summary>
    /// <param name="assessmentId">The assessment id.</param>
    /// <param name="recipient">Who was notified.</param>
    /// <param name="jurisdiction">The State or jurisdiction, for <see cref="BreachNotificationRecipient.Media"/>.</param>
    /// <returns>The date, or <see langword="null"/> if no notice is recorded.</returns>
    public DateOnly? GetNoticeDate(string assessmentId, BreachNotificationRecipient recipient, string? jurisdiction = null)
    {
        ArgumentNullException.ThrowIfNull(assessmentId);
        lock (_gate)
        {
            return _notices.TryGetValue((assessmentId, recipient, Normalize(jurisdiction) ?? string.Empty), out var date) ? date : null;
        }
    }

    /// <summary>
    /// Reports, for every required notice: not given after its deadline (<see cref="FindingCodes.BreachNoticeOverdue"/>),
    /// given after its deadline (<see cref="FindingCodes.BreachNoticeLate"/>), or given before a law enforcement delay
    /// ended (<see cref="FindingCodes.BreachNoticeDuringDelay"/>, cited as 164.412); and, for a notice not given in time,
    /// a law enforcement delay requested after its deadline had passed (<see cref="FindingCodes.LawEnforcementDelayAfterDeadline"/>).
    /// Dates are UTC from the <see cref="TimeProvider"/>.
    /// </summary>
    /// <returns>The findings, by assessment id, then in schedule order.</returns>
    public IReadOnlyList<ComplianceFinding> Check()
    {
        var today = _timeProvider.GetUtcToday();
        var findings = new List<ComplianceFinding>();
        lock (_gate)
        {
            foreach (var schedule in _book.Records)
            {
                foreach (var deadline in schedule.Deadlines)
                {
                    var given = _notices.TryGetValue((schedule.Assessment.Id, deadline.Recipient, deadline.Jurisdiction ?? string.Empty), out var on) ? on : (DateOnly?)null;
                    foreach (var (code, citation, message) in Problems(deadline, given, today))
                    {
                        findings.Add(new ComplianceFinding
                        {
                            Code = code,
                            Subject = schedule.Assessment.Id,
                            Owner = schedule.Assessment.AssessedBy,
                            Citation = citation,
                            DueOn = deadline.DueBy,
                            Message = message,
                        });
                    }
                }
            }
        }

        return findings;
    }

    private static IEnumerable<(string Code, string Citation, string Message)> Problems(BreachNotificationDeadline deadline, DateOnly? given, DateOnly today)
    {
        var who = deadline.Jurisdiction is null ? deadline.Recipient.ToString() : $"{deadline.Recipient} ({deadline.Jurisdiction})";
        if (given is not { } date)
        {
            if (deadline.IsPastDueOn(today))
            {
                yield return (FindingCodes.BreachNoticeOverdue, deadline.Citation, $"The notice to {who} has not been given and its deadline has passed.");
            }
        }
        else if (date > deadline.DueBy)
        {
            yield return (FindingCodes.BreachNoticeLate, deadline.Citation, $"The notice to {who} was given after its deadline.");
        }
        else if (deadline.NotBefore is { } notBefore && date < notBefore)
        {
            yield return (FindingCodes.BreachNoticeDuringDelay, LawEnforcementDelayCitation, $"The notice to {who} was given while a law enforcement delay applied (164.412).");
        }

        if (deadline.DelayRequestedAfterDeadlineOn is { } statementOn && (given is null || given > deadline.DueBy))
        {
            yield return (FindingCodes.LawEnforcementDelayAfterDeadline, LawEnforcementDelayCitation, string.Create(
                CultureInfo.InvariantCulture,
                $"The law enforcement statement of {statementOn:yyyy-MM-dd} came after the deadline of the notice to {who} had passed; it does not excuse the missed deadline (164.412 delays notice only while it is still due)."));
        }
    }

    /// <summary>A jurisdiction as the schedules name it: its USPS code when it names one, else as given (and then matching none).</summary>
    private static string? Normalize(string? jurisdiction) =>
        jurisdiction is not null && UsJurisdictions.TryNormalize(jurisdiction, out var code) ? code : jurisdiction;

    /// <summary>Looks up the schedule of an assessment.</summary>
    /// <param name="id">The assessment id.</param>
    /// <param name="schedule">The schedule, with its assessment, if recorded.</param>
    /// <returns><see langword="true"/> if the assessment is recorded.</returns>
    public bool TryGet(string id, [NotNullWhen(true)] out BreachNotificationSchedule? schedule)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _book.TryGet(id, out schedule);
    }

    /// <summary>Gets the documentation history of every assessment, in ordinal order of id (164.316(b)(2)).</summary>
    public IReadOnlyList<RecordHistory> Histories => _book.Histories;

    /// <summary>Looks up the documentation history of an assessment.</summary>
    /// <param name="id">The assessment id.</param>
    /// <param name="history">The history, if the assessment was ever recorded.</param>
    /// <returns><see langword="true"/> if a history exists.</returns>
    public bool TryGetHistory(string id, [NotNullWhen(true)] out RecordHistory? history) => _book.TryGetHistory(id, out history);

    internal bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _book.IsEmpty && _notices.Count == 0;
            }
        }
    }

    internal BreachLogState Export()
    {
        lock (_gate)
        {
            var (schedules, histories) = _book.Export();
            return new BreachLogState
            {
                Assessments = [.. schedules.Select(s => s.Assessment)],
                Notices =
                [
                    .. _notices
                        .OrderBy(n => n.Key.Id, StringComparer.Ordinal).ThenBy(n => n.Key.Recipient).ThenBy(n => n.Key.Jurisdiction, StringComparer.Ordinal)
                        .Select(n => new NoticeState
                        {
                            AssessmentId = n.Key.Id,
                            Recipient = n.Key.Recipient,
                            Jurisdiction = n.Key.Jurisdiction.Length == 0 ? null : n.Key.Jurisdiction,
                            GivenOn = n.Value,
                        }),
                ],
                Histories = histories,
            };
        }
    }

    internal void Import(BreachLogState state)
    {
        // Schedules are derived again from the stored assessments, which checks each of them.
        StoredState.RequireElements(state.Assessments, "breach assessments");
        var loaded = _book.Load([.. state.Assessments.Select(BreachDeadlineEngine.Schedule)], state.Histories, _ => { });
        var schedules = loaded.Records.ToDictionary(s => s.Assessment.Id, StringComparer.Ordinal);
        StoredState.RequireElements(state.Notices, "breach notices");
        var notices = new Dictionary<(string Id, BreachNotificationRecipient Recipient, string Jurisdiction), DateOnly>();
        foreach (var stored in state.Notices)
        {
            var notice = stored.Jurisdiction is null ? stored : new NoticeState
            {
                AssessmentId = stored.AssessmentId,
                Recipient = stored.Recipient,
                Jurisdiction = Normalize(stored.Jurisdiction),
                GivenOn = stored.GivenOn,
            };
            if (!schedules.TryGetValue(notice.AssessmentId, out var schedule))
            {
                throw Errors.Unknown(BreachDeadlineEngine.AssessmentKind, notice.AssessmentId);
            }

            if (!schedule.Deadlines.Any(d => d.Recipient == notice.Recipient && d.Jurisdiction == notice.Jurisdiction))
            {
                throw Errors.NoSuchNotice(notice.AssessmentId, notice.Recipient, notice.Jurisdiction);
            }

            if (!notices.TryAdd((notice.AssessmentId, notice.Recipient, notice.Jurisdiction ?? string.Empty), notice.GivenOn))
            {
                throw new InvalidDataException($"A notice of breach assessment '{notice.AssessmentId}' is stored twice.");
            }
        }

        lock (_gate)
        {
            StoredState.RequireEmpty(_notices.Count == 0, nameof(BreachAssessmentLog));
            _book.Restore(loaded, nameof(BreachAssessmentLog));
            foreach (var (key, givenOn) in notices)
            {
                _notices[key] = givenOn;
            }
        }
    }
}
