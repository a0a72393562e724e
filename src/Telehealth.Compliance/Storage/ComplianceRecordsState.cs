using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>The stored state of a <see cref="ComplianceRecords"/>: every register's records, their histories and the other facts the registers keep.</summary>
internal sealed class ComplianceRecordsState
{
    public required string CatalogVersion { get; init; }

    /// <summary>Gets or sets the number of saves that led to this state; a save must start from the generation it replaces.</summary>
    public long Generation { get; set; }

    public required DecisionRegisterState Decisions { get; init; }

    public required VendorInventoryState Vendors { get; init; }

    public required RiskRegisterState Risks { get; init; }

    public required BreachLogState Breaches { get; init; }

    public required EvidenceRegisterState Evidence { get; init; }

    /// <summary>Gets every history with the register it belongs to, to compare two states record by record.</summary>
    public IEnumerable<(string Register, HistoryState History)> AllHistories() =>
        Decisions.Histories.Select(h => ("decisions", h))
            .Concat(Vendors.Histories.Select(h => ("vendors", h)))
            .Concat(Risks.Histories.Select(h => ("risks", h)))
            .Concat(Breaches.Histories.Select(h => ("breaches", h)))
            .Concat(Evidence.Histories.Select(h => ("evidence", h)));
}

/// <summary>A stored <see cref="RecordHistory"/>. <see cref="RetainUntil"/> is written for readers of the file and checked on load.</summary>
internal sealed class HistoryState
{
    public required string RecordId { get; init; }

    public required IReadOnlyList<RevisionState> Revisions { get; init; }

    public DateOnly? LastEffectiveOn { get; init; }

    public DateOnly? RetainUntil { get; init; }

    public static HistoryState From(RecordHistory history) => new()
    {
        RecordId = history.RecordId,
        Revisions = [.. history.Revisions.Select(r => new RevisionState { At = r.At, Summary = r.Summary })],
        LastEffectiveOn = history.LastEffectiveOn,
        RetainUntil = history.RetainUntil,
    };

    public RecordHistory ToHistory()
    {
        StoredState.RequireElements(Revisions, "revisions of " + RecordId);
        var history = RecordHistory.Restore(RecordId, [.. Revisions.Select(r => new RecordRevision(r.At, r.Summary))], LastEffectiveOn);
        if (history.RetainUntil != RetainUntil)
        {
            throw new InvalidDataException($"The retention date of record '{RecordId}' does not follow from its history.");
        }

        return history;
    }
}

/// <summary>A stored <see cref="RecordRevision"/>.</summary>
internal sealed class RevisionState
{
    public required DateTimeOffset At { get; init; }

    public required string Summary { get; init; }
}

/// <summary>The stored state of an <see cref="AddressableDecisionRegister"/>.</summary>
internal sealed class DecisionRegisterState
{
    public required IReadOnlyList<AddressableDecision> Decisions { get; init; }

    public required IReadOnlyList<HistoryState> Histories { get; init; }
}

/// <summary>The stored state of a <see cref="VendorInventory"/>.</summary>
internal sealed class VendorInventoryState
{
    public required IReadOnlyList<Vendor> Vendors { get; init; }

    public required IReadOnlyList<PhiFlow> Flows { get; init; }

    public required IReadOnlyList<HistoryState> Histories { get; init; }
}

/// <summary>The stored state of a <see cref="RiskRegister"/>.</summary>
internal sealed class RiskRegisterState
{
    public required IReadOnlyList<RiskEntry> Risks { get; init; }

    public DateOnly? LastAssessedOn { get; init; }

    public required IReadOnlyList<MajorChangeState> MajorChanges { get; init; }

    public required IReadOnlyList<HistoryState> Histories { get; init; }
}

/// <summary>A stored major change of a <see cref="RiskRegister"/>.</summary>
internal sealed class MajorChangeState
{
    public required DateOnly ChangedOn { get; init; }

    public required string Description { get; init; }
}

/// <summary>The stored state of a <see cref="BreachAssessmentLog"/>; schedules are derived again on load.</summary>
internal sealed class BreachLogState
{
    public required IReadOnlyList<BreachAssessment> Assessments { get; init; }

    public required IReadOnlyList<NoticeState> Notices { get; init; }

    public required IReadOnlyList<HistoryState> Histories { get; init; }
}

/// <summary>A stored notice of a <see cref="BreachAssessmentLog"/>.</summary>
internal sealed class NoticeState
{
    public required string AssessmentId { get; init; }

    public required BreachNotificationRecipient Recipient { get; init; }

    public string? Jurisdiction { get; init; }

    public required DateOnly GivenOn { get; init; }
}

/// <summary>The stored state of an <see cref="EvidenceRegister"/>.</summary>
internal sealed class EvidenceRegisterState
{
    public required IReadOnlyList<EvidenceItem> Items { get; init; }

    public required IReadOnlyList<HistoryState> Histories { get; init; }
}

/// <summary>Checks shared by the registers' imports: a stored file is not trusted.</summary>
internal static class StoredState
{
    public static void RequireElements<T>([NotNull] IReadOnlyList<T>? list, string what)
        where T : class
    {
        if (list is null || list.Any(e => e is null))
        {
            throw new InvalidDataException($"The stored {what} are missing or contain an empty entry.");
        }
    }

    /// <summary>Restores the histories of a register, each current record having one.</summary>
    public static Dictionary<string, RecordHistory> Histories(IReadOnlyList<HistoryState>? stored, IEnumerable<string> recordIds, string register)
    {
        RequireElements(stored, register + " histories");
        var histories = new Dictionary<string, RecordHistory>(StringComparer.Ordinal);
        foreach (var state in stored)
        {
            if (!histories.TryAdd(state.RecordId, state.ToHistory()))
            {
                throw new InvalidDataException($"The {register} history of '{state.RecordId}' is stored twice.");
            }
        }

        foreach (var id in recordIds)
        {
            if (!histories.ContainsKey(id))
            {
                throw new InvalidDataException($"The {register} record '{id}' has no stored history.");
            }
        }

        return histories;
    }

    public static void RequireUnique(IEnumerable<string> ids, string register)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!seen.Add(id))
            {
                throw new InvalidDataException($"The {register} record '{id}' is stored twice.");
            }
        }
    }

    public static void RequireEmpty(bool empty, string register)
    {
        if (!empty)
        {
            throw new InvalidOperationException($"The {register} already holds records; stored records are loaded into empty registers only.");
        }
    }
}
