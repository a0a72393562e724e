using System.Diagnostics.CodeAnalysis;

namespace Telehealth.Compliance;

/// <summary>
/// A register whose records are documentation (45 CFR 164.316(b)(2)): each record keeps a <see cref="RecordHistory"/> of
/// its creation and every change, with the date it was last in effect and the date it may be discarded. All five
/// registers of <see cref="ComplianceRecords"/> implement it, so retention can be reviewed across them in one loop
/// (<see cref="ComplianceRecords.Registers"/>).
/// </summary>
public interface IDocumentedRegister
{
    /// <summary>Gets the history of every record the register ever held, in ordinal order of record id.</summary>
    IReadOnlyList<RecordHistory> Histories { get; }

    /// <summary>Looks up the history of a record.</summary>
    /// <param name="id">The record id, such as a vendor id, a risk id or, for addressable decisions, a citation.</param>
    /// <param name="history">The history, if the record was ever held.</param>
    /// <returns><see langword="true"/> if a history exists.</returns>
    bool TryGetHistory(string id, [NotNullWhen(true)] out RecordHistory? history);
}
