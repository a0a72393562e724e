using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Telehealth.Compliance;

/// <summary>
/// The risk register of the risk analysis and risk management specifications (45 CFR 164.308(a)(1)(ii)(A) and (B)), in
/// memory: risks with their inherent and residual level on an <see cref="IRiskScale"/> (by default
/// <see cref="Nist80030RiskScale"/>), their treatment to closure or documented acceptance, and the assessment cadence: an
/// assessment at least every <see cref="AssessmentIntervalDays"/> days and after every major change. <see cref="Check"/>
/// reports overdue treatments, open risks at the highest level, acceptances due for review and overdue assessments as
/// findings. Each risk keeps a <see cref="RecordHistory"/>, in effect until it is closed (an accepted risk stays in effect). An <see cref="IComplianceRecordStore"/> stores it with the other registers of a <see cref="ComplianceRecords"/>.
/// Thread-safe.
/// </summary>
public sealed class RiskRegister : IDocumentedRegister
{
    private const string RiskKind = "risk";
    private readonly List<MajorChange> _changes = [];
    private readonly Lock _gate = new();
    private readonly TimeProvider _timeProvider;
    private readonly RecordBook<RiskEntry> _book;
    private DateOnly? _lastAssessedOn;

    /// <summary>Initializes a new instance of the <see cref="RiskRegister"/> class.</summary>
    /// <param name="catalog">The catalog that risk citations refer to.</param>
    /// <param name="timeProvider">The clock that says which treatments and assessments are overdue.</param>
    /// <param name="scale">The risk scale; <see langword="null"/> for <see cref="Nist80030RiskScale"/>.</param>
    /// <param name="assessmentIntervalDays">The longest interval, in days, between assessments; the default is 365 (annual).</param>
    /// <exception cref="ComplianceException"><paramref name="assessmentIntervalDays"/> is not positive (<c>TH5029</c>).</exception>
    public RiskRegister(SecurityRuleCatalog catalog, TimeProvider timeProvider, IRiskScale? scale = null, int assessmentIntervalDays = 365)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (assessmentIntervalDays <= 0)
        {
            throw Errors.OutOfRange(nameof(assessmentIntervalDays), assessmentIntervalDays, "must be positive");
        }

        Catalog = catalog;
        _timeProvider = timeProvider;
        _book = new RecordBook<RiskEntry>(timeProvider, RiskKind, r => r.Id);
        Scale = scale ?? Nist80030RiskScale.Instance;
        AssessmentIntervalDays = assessmentIntervalDays;
    }

    /// <summary>Gets the catalog that risk citations refer to.</summary>
    public SecurityRuleCatalog Catalog { get; }

    /// <summary>Gets the risk scale.</summary>
    public IRiskScale Scale { get; }

    /// <summary>Gets the longest interval, in days, between assessments.</summary>
    public int AssessmentIntervalDays { get; }

    /// <summary>Gets the risks in ordinal order of id.</summary>
    public IReadOnlyList<RiskEntry> Risks => _book.Records;

    /// <summary>Gets the date of the last completed assessment; <see langword="null"/> if none is recorded.</summary>
    public DateOnly? LastAssessedOn
    {
        get
        {
            lock (_gate)
            {
                return _lastAssessedOn;
            }
        }
    }

    /// <summary>Gets the date by which the next assessment is due by the interval; <see langword="null"/> if none was ever recorded (due now).</summary>
    public DateOnly? NextAssessmentDueOn => LastAssessedOn?.AddDays(AssessmentIntervalDays);

    /// <summary>Gets the inherent level of risk of an entry on the register's scale, from its likelihood and impact.</summary>
    /// <param name="risk">The risk.</param>
    /// <returns>The level of risk.</returns>
    public RiskLevel GetLevel(RiskEntry risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return Scale.GetRiskLevel(risk.Likelihood, risk.Impact);
    }

    /// <summary>Gets the residual level of risk of an entry, after its treatment; the inherent level when it has no residual rating.</summary>
    /// <param name="risk">The risk.</param>
    /// <returns>The level of risk.</returns>
    public RiskLevel GetResidualLevel(RiskEntry risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return risk is { ResidualLikelihood: { } likelihood, ResidualImpact: { } impact } ? Scale.GetRiskLevel(likelihood, impact) : GetLevel(risk);
    }

    /// <summary>Adds a risk.</summary>
    /// <param name="risk">The risk.</param>
    /// <exception cref="ComplianceException">
    /// The risk is not valid (<c>TH5001</c>, <c>TH5023</c>, <c>TH5026</c>, <c>TH5030</c>, <c>TH5031</c>, <c>TH5032</c>) or its id is already recorded (<c>TH5024</c>).
    /// </exception>
    public void Add(RiskEntry risk)
    {
        CheckRisk(risk);
        _book.Add(risk, risk.ClosedOn);
    }

    /// <summary>Replaces a recorded risk with a new version of the same id, such as after a reassessment or a change of status.</summary>
    /// <param name="risk">The new version.</param>
    /// <exception cref="ComplianceException">The risk is not valid (as for <see cref="Add"/>) or not recorded (<c>TH5025</c>).</exception>
    public void Update(RiskEntry risk)
    {
        CheckRisk(risk);
        lock (_gate)
        {
            _book.Replace(risk, risk.ClosedOn);
        }
    }

    /// <summary>Closes a risk today (UTC), linking the evidence of its treatment.</summary>
    /// <param name="id">The risk id.</param>
    /// <param name="evidenceIds">The ids of the evidence items that show the treatment; at least one.</param>
    /// <param name="evidence">The evidence register; when given, every id must name an item recorded there.</param>
    /// <returns>The closed risk.</returns>
    /// <exception cref="ComplianceException">
    /// No evidence is linked (<c>TH5031</c>), an id is not in <paramref name="evidence"/> (<c>TH5033</c>) or the risk is not recorded (<c>TH5025</c>).
    /// </exception>
    public RiskEntry Close(string id, IReadOnlyList<string> evidenceIds, EvidenceRegister? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(evidenceIds);
        if (evidence is not null && evidenceIds.FirstOrDefault(e => e is not null && !evidence.TryGet(e, out _)) is { } missing)
        {
            throw Errors.EvidenceNotRecorded(id, missing);
        }

        lock (_gate)
        {
            if (!_book.TryGet(id, out var risk))
            {
                throw Errors.Unknown(RiskKind, id);
            }

            var closed = risk with
            {
                Status = RiskStatus.Closed,
                ClosedOn = _timeProvider.GetUtcToday(),
                Acceptance = null,
                EvidenceIds = [.. risk.EvidenceIds.Concat(evidenceIds).Distinct(StringComparer.Ordinal)],
            };
            if (evidenceIds.Count == 0)
            {
                throw Errors.ClosedWithoutEvidence(id);
            }

            CheckRisk(closed);
            _book.Put(closed, closed.ClosedOn);
            return closed;
        }
    }

    /// <summary>
    /// Accepts a risk as it is: its status becomes <see cref="RiskStatus.Accepted"/>, its treatment
    /// <see cref="RiskTreatment.Accept"/>. It is then neither overdue nor closed; its acceptance is due for review on
    /// <see cref="RiskAcceptance.ReviewOn"/>.
    /// </summary>
    /// <param name="id">The risk id.</param>
    /// <param name="acceptance">Who accepted the risk, why, when, and when to review it.</param>
    /// <returns>The accepted risk.</returns>
    /// <exception cref="ComplianceException">
    /// The acceptance is incomplete (<c>TH5026</c>), its review date is not after its date (<c>TH5034</c>) or the risk is not recorded (<c>TH5025</c>).
    /// </exception>
    public RiskEntry Accept(string id, RiskAcceptance acceptance)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(acceptance);
        lock (_gate)
        {
            if (!_book.TryGet(id, out var risk))
            {
                throw Errors.Unknown(RiskKind, id);
            }

            var accepted = risk with { Status = RiskStatus.Accepted, Treatment = RiskTreatment.Accept, Acceptance = acceptance };
            CheckRisk(accepted);
            _book.Put(accepted, accepted.ClosedOn);
            return accepted;
        }
    }

    /// <summary>Looks up a risk.</summary>
    /// <param name="id">The risk id.</param>
    /// <param name="risk">The risk, if recorded.</param>
    /// <returns><see langword="true"/> if the risk is recorded.</returns>
    public bool TryGet(string id, [NotNullWhen(true)] out RiskEntry? risk)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _book.TryGet(id, out risk);
    }

    /// <summary>Gets the documentation history of every risk, in ordinal order of id (164.316(b)(2)).</summary>
    public IReadOnlyList<RecordHistory> Histories => _book.Histories;

    /// <summary>Looks up the documentation history of a risk.</summary>
    /// <param name="id">The risk id.</param>
    /// <param name="history">The history, if the risk was ever recorded.</param>
    /// <returns><see langword="true"/> if a history exists.</returns>
    public bool TryGetHistory(string id, [NotNullWhen(true)] out RecordHistory? history) => _book.TryGetHistory(id, out history);

    /// <summary>Records a completed assessment; it satisfies the interval and every major change made on or before its date.</summary>
    /// <param name="completedOn">The date the assessment was completed.</param>
    public void RecordAssessment(DateOnly completedOn)
    {
        lock (_gate)
        {
            if (_lastAssessedOn is null || completedOn > _lastAssessedOn)
            {
                _lastAssessedOn = completedOn;
            }
        }
    }

    /// <summary>Records a major change to the environment or operations, such as a new video platform, that calls for a new assessment.</summary>
    /// <param name="changedOn">The date of the change.</param>
    /// <param name="description">What changed; no PHI.</param>
    /// <exception cref="ComplianceException">The description is blank (<c>TH5026</c>).</exception>
    public void RecordMajorChange(DateOnly changedOn, string description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            throw Errors.FieldMissing(nameof(RiskRegister), nameof(description));
        }

        lock (_gate)
        {
            _changes.Add(new MajorChange(changedOn, description));
        }
    }

    /// <summary>
    /// Reports, as findings: open or in-treatment risks after their due date (<see cref="FindingCodes.RiskTreatmentOverdue"/>)
    /// or at the highest level of the scale (<see cref="FindingCodes.HighestRiskOpen"/>), accepted risks whose review date
    /// has passed (<see cref="FindingCodes.RiskAcceptanceReviewOverdue"/>), an assessment overdue or never recorded
    /// (<see cref="FindingCodes.RiskAssessmentOverdue"/>), and major changes not yet followed by an assessment
    /// (<see cref="FindingCodes.RiskAssessmentAfterMajorChange"/>). Closed and accepted risks are never overdue.
    /// </summary>
    /// <returns>The findings: risks in ordinal order of id, then the assessment, then changes in the order recorded.</returns>
    public IReadOnlyList<ComplianceFinding> Check()
    {
        var today = _timeProvider.GetUtcToday();
        var findings = new List<ComplianceFinding>();
        lock (_gate)
        {
            var highest = Scale.Levels[^1];
            foreach (var risk in _book.Records)
            {
                if (risk.Status is RiskStatus.Open or RiskStatus.InTreatment)
                {
                    if (today > risk.DueOn)
                    {
                        findings.Add(RiskFinding(FindingCodes.RiskTreatmentOverdue, risk, risk.DueOn, $"The {risk.Treatment} treatment of a {RiskLevelNames.Of(GetLevel(risk))} risk is not closed after its due date."));
                    }

                    if (GetLevel(risk) == highest)
                    {
                        findings.Add(RiskFinding(FindingCodes.HighestRiskOpen, risk, risk.DueOn, $"A {RiskLevelNames.Of(highest)} risk is {(risk.Status == RiskStatus.Open ? "open" : "in treatment")}: risk management is not met until it is reduced to a reasonable and appropriate level or accepted."));
                    }
                }
                else if (risk is { Status: RiskStatus.Accepted, Acceptance: { } acceptance } && today > acceptance.ReviewOn)
                {
                    findings.Add(RiskFinding(FindingCodes.RiskAcceptanceReviewOverdue, risk, acceptance.ReviewOn, $"The acceptance of a {RiskLevelNames.Of(GetResidualLevel(risk))} risk by {acceptance.Approver} was due for review; review it or treat the risk."));
                }
            }

            if (_lastAssessedOn is not { } last)
            {
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.RiskAssessmentOverdue,
                    Subject = "risk-assessment",
                    Citation = "164.308(a)(1)(ii)(A)",
                    Message = "No risk assessment has been recorded.",
                });
            }
            else if (today > last.AddDays(AssessmentIntervalDays))
            {
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.RiskAssessmentOverdue,
                    Subject = "risk-assessment",
                    Citation = "164.308(a)(1)(ii)(A)",
                    DueOn = last.AddDays(AssessmentIntervalDays),
                    Message = string.Create(CultureInfo.InvariantCulture, $"The last risk assessment ({last:yyyy-MM-dd}) is more than {AssessmentIntervalDays} days old."),
                });
            }

            foreach (var change in _changes.Where(c => _lastAssessedOn is not { } assessed || c.ChangedOn > assessed))
            {
                findings.Add(new ComplianceFinding
                {
                    Code = FindingCodes.RiskAssessmentAfterMajorChange,
                    Subject = "risk-assessment",
                    Citation = "164.308(a)(1)(ii)(A)",
                    Message = string.Create(CultureInfo.InvariantCulture, $"No risk assessment since the major change of {change.ChangedOn:yyyy-MM-dd}: {change.Description}."),
                });
            }
        }

        return findings;
    }

    private static ComplianceFinding RiskFinding(string code, RiskEntry risk, DateOnly dueOn, string message) => new()
    {
        Code = code,
        Subject = risk.Id,
        Owner = risk.Owner,
        Citation = "164.308(a)(1)(ii)(B)",
        DueOn = dueOn,
        Message = message,
    };

    private void CheckRisk(RiskEntry risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        RecordIds.Check(RiskKind, risk.Id);
        RequiredText.Check(risk.Asset, nameof(RiskEntry), nameof(RiskEntry.Asset));
        RequiredText.Check(risk.ThreatSource, nameof(RiskEntry), nameof(RiskEntry.ThreatSource));
        RequiredText.Check(risk.ThreatEvent, nameof(RiskEntry), nameof(RiskEntry.ThreatEvent));
        RequiredText.Check(risk.Vulnerability, nameof(RiskEntry), nameof(RiskEntry.Vulnerability));
        RequiredText.Check(risk.Owner, nameof(RiskEntry), nameof(RiskEntry.Owner));
        if (risk.ExistingControls is not null)
        {
            RequiredText.Check(risk.ExistingControls, nameof(RiskEntry), nameof(RiskEntry.ExistingControls));
        }

        if (risk.ResidualLikelihood.HasValue != risk.ResidualImpact.HasValue)
        {
            throw Errors.FieldMissing(nameof(RiskEntry), risk.ResidualLikelihood.HasValue ? nameof(RiskEntry.ResidualImpact) : nameof(RiskEntry.ResidualLikelihood));
        }

        foreach (var level in new[] { risk.Likelihood, risk.Impact, risk.ResidualLikelihood ?? risk.Likelihood, risk.ResidualImpact ?? risk.Impact })
        {
            if (!Scale.Levels.Contains(level))
            {
                throw Errors.UndefinedValue(nameof(RiskLevel), (int)level);
            }
        }

        if (!Enum.IsDefined(risk.Treatment))
        {
            throw Errors.UndefinedValue(nameof(RiskTreatment), (int)risk.Treatment);
        }

        if (!Enum.IsDefined(risk.Status))
        {
            throw Errors.UndefinedValue(nameof(RiskStatus), (int)risk.Status);
        }

        if (risk.EvidenceIds is null || risk.EvidenceIds.Any(string.IsNullOrWhiteSpace))
        {
            throw Errors.FieldMissing(nameof(RiskEntry), nameof(RiskEntry.EvidenceIds));
        }

        if (risk.Citations is null)
        {
            throw Errors.FieldMissing(nameof(RiskEntry), nameof(RiskEntry.Citations));
        }

        foreach (var citation in risk.Citations)
        {
            if (citation is null || !Catalog.Contains(citation))
            {
                throw Errors.UnknownCitation(citation ?? string.Empty, Catalog.Version);
            }
        }

        if (risk.Status == RiskStatus.Accepted)
        {
            if (risk.Treatment != RiskTreatment.Accept)
            {
                throw Errors.AcceptedWithOtherTreatment(risk.Id, risk.Treatment);
            }

            if (risk.Acceptance is not { } acceptance)
            {
                throw Errors.FieldMissing(nameof(RiskEntry), nameof(RiskEntry.Acceptance));
            }

            RequiredText.Check(acceptance.Approver, nameof(RiskAcceptance), nameof(RiskAcceptance.Approver));
            RequiredText.Check(acceptance.Rationale, nameof(RiskAcceptance), nameof(RiskAcceptance.Rationale));

            if (acceptance.ReviewOn <= acceptance.AcceptedOn)
            {
                throw Errors.AcceptanceReviewNotAfterAcceptance(risk.Id, acceptance.AcceptedOn, acceptance.ReviewOn);
            }
        }
        else if (risk.Acceptance is not null)
        {
            throw Errors.AcceptanceWithoutAcceptedStatus(risk.Id, risk.Status);
        }

        if (risk.Status == RiskStatus.Closed)
        {
            if (risk.EvidenceIds.Count == 0)
            {
                throw Errors.ClosedWithoutEvidence(risk.Id);
            }

            if (risk.ClosedOn is null)
            {
                throw Errors.FieldMissing(nameof(RiskEntry), nameof(RiskEntry.ClosedOn));
            }
        }
        else if (risk.ClosedOn is not null)
        {
            throw Errors.ClosedOnWithoutClosure(risk.Id, risk.Status);
        }
    }

    private sealed record MajorChange(DateOnly ChangedOn, string Description);

    internal bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _book.IsEmpty && _changes.Count == 0 && _lastAssessedOn is null;
            }
        }
    }

    internal RiskRegisterState Export()
    {
        lock (_gate)
        {
            var (risks, histories) = _book.Export();
            return new RiskRegisterState
            {
                Risks = risks,
                LastAssessedOn = _lastAssessedOn,
                MajorChanges = [.. _changes.Select(c => new MajorChangeState { ChangedOn = c.ChangedOn, Description = c.Description })],
                Histories = histories,
            };
        }
    }

    internal void Import(RiskRegisterState state)
    {
        var loaded = _book.Load(state.Risks, state.Histories, CheckRisk);
        StoredState.RequireElements(state.MajorChanges, "major changes");
        foreach (var change in state.MajorChanges)
        {
            RequiredText.Check(change.Description, nameof(RiskRegister), nameof(change.Description));
        }

        lock (_gate)
        {
            StoredState.RequireEmpty(_changes.Count == 0 && _lastAssessedOn is null, nameof(RiskRegister));
            _book.Restore(loaded, nameof(RiskRegister));
            _changes.AddRange(state.MajorChanges.Select(c => new MajorChange(c.ChangedOn, c.Description)));
            _lastAssessedOn = state.LastAssessedOn;
        }
    }
}
