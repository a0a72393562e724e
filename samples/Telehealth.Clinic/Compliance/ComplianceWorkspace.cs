using Telehealth.Audit;
using Telehealth.Clinic.Records;
using Telehealth.Compliance;
using Telehealth.Crypto;

namespace Telehealth.Clinic.Compliance;

/// <summary>
/// The host's compliance program: seeds the demo records on first run, collects evidence from the running system,
/// saves the registers, and takes assessments for the reports. One operation at a time, because the registers are
/// changed by collection while the reports read them.
/// </summary>
internal sealed partial class ComplianceWorkspace : IDisposable
{
    /// <summary>The title of every assessment the host reports.</summary>
    public const string AssessmentTitle = "Telehealth Clinic (demo) compliance assessment";

    private static readonly AuditActor HostActor = new("svc-clinic", AuditActorType.Service, "clinic-host");

    private readonly ComplianceRecords _records;
    private readonly IComplianceRecordStore _store;
    private readonly IEnumerable<IEvidenceCollector> _collectors;
    private readonly IAuditLog _audit;
    private readonly IEnvelopeCipher _cipher;
    private readonly FileEnvelopeStore _envelopes;
    private readonly TimeProvider _time;
    private readonly ILogger<ComplianceWorkspace> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ComplianceWorkspace(
        ComplianceRecords records,
        IComplianceRecordStore store,
        IEnumerable<IEvidenceCollector> collectors,
        IAuditLog audit,
        IEnvelopeCipher cipher,
        FileEnvelopeStore envelopes,
        TimeProvider time,
        ILogger<ComplianceWorkspace> logger)
    {
        _records = records;
        _store = store;
        _collectors = collectors;
        _audit = audit;
        _cipher = cipher;
        _envelopes = envelopes;
        _time = time;
        _logger = logger;
    }

    /// <summary>Gets the catalog the registers use.</summary>
    public SecurityRuleCatalog Catalog => _records.Catalog;

    /// <summary>
    /// Seeds the demo compliance records and encrypts the demo visit notes when the data directory has none yet, then
    /// collects evidence and saves. Runs at every start; a restart seeds nothing.
    /// </summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Whether demo compliance records were seeded.</returns>
    public async Task<bool> InitializeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var seeded = false;
            if (DemoComplianceData.IsEmpty(_records))
            {
                DemoComplianceData.Seed(_records, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
                await _audit.AppendAsync(new AuditRecord
                {
                    Actor = HostActor,
                    Action = "compliance.demo.seeded",
                    Resource = new AuditResource("compliance-records", "demo"),
                    PurposeOfUse = PurposeOfUse.Operations,
                }, cancellationToken);
                seeded = true;
                LogSeeded(_records.Vendors.Vendors.Count, _records.Risks.Risks.Count, _records.Decisions.Decisions.Count, _records.Breaches.Schedules.Count);
            }

            if (!await HasEnvelopesAsync(cancellationToken))
            {
                var count = await DemoVisitNotes.StoreAsync(_cipher, _envelopes, cancellationToken);
                await _audit.AppendAsync(new AuditRecord
                {
                    Actor = HostActor,
                    Action = "demo.visit_notes.encrypted",
                    Resource = new AuditResource(DemoVisitNotes.RecordType, "demo"),
                    PurposeOfUse = PurposeOfUse.Operations,
                }, cancellationToken);
                LogNotesEncrypted(count, _envelopes.Directory);
            }

            await CollectCoreAsync(cancellationToken);
            return seeded;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs every evidence collector and saves the registers.</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the evidence is saved.</returns>
    public async Task CollectEvidenceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await CollectCoreAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Takes an assessment of every register as of now.</summary>
    /// <param name="cancellationToken">Cancels waiting for a running collection.</param>
    /// <returns>The assessment.</returns>
    public async Task<ComplianceAssessment> AssessAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return ComplianceAssessment.Create(
                AssessmentTitle, _records.Catalog, _time, _records.Decisions, _records.Risks, _records.Vendors, _records.Evidence, _records.Breaches);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<bool> HasEnvelopesAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _envelopes.ListAsync(null, cancellationToken))
        {
            return true;
        }

        return false;
    }

    private async Task CollectCoreAsync(CancellationToken cancellationToken)
    {
        // A checkpoint over everything appended so far, so the audit collector verifies a signed tree, not an open tail.
        await _audit.CheckpointAsync(cancellationToken);
        var collected = await _records.Evidence.CollectAsync(_collectors, cancellationToken);
        await _store.SaveAsync(_records, cancellationToken);
        var gaps = _records.Evidence.Items.Count(i => i.Outcome == EvidenceOutcome.NotSatisfied);
        LogCollected(collected, gaps);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First run: seeded the demo compliance program ({Vendors} vendors, {Risks} risks, {Decisions} addressable decisions, {Breaches} breach assessments).")]
    private partial void LogSeeded(int vendors, int risks, int decisions, int breaches);

    [LoggerMessage(Level = LogLevel.Information, Message = "First run: envelope encrypted {Count} fictional visit notes into {Directory}.")]
    private partial void LogNotesEncrypted(int count, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collected {Count} evidence items ({Gaps} show a gap) and saved the compliance records.")]
    private partial void LogCollected(int count, int gaps);
}
