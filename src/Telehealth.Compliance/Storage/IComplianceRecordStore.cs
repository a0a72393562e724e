namespace Telehealth.Compliance;

/// <summary>
/// Durable storage of <see cref="ComplianceRecords"/>: every register's records with their complete
/// <see cref="RecordHistory"/>, so six years of documentation (164.316(b)(2)(i)) survive a restart. The default is
/// <see cref="FileComplianceRecordStore"/>.
/// </summary>
public interface IComplianceRecordStore
{
    /// <summary>Loads the stored records into empty registers; with nothing stored yet, the registers stay empty.</summary>
    /// <param name="records">The registers to fill; every register must be empty.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>A task that completes when the records are loaded.</returns>
    /// <exception cref="ComplianceException">The stored records are damaged, of an unknown format or of another catalog version.</exception>
    /// <exception cref="InvalidOperationException">A register of <paramref name="records"/> already holds records.</exception>
    Task LoadAsync(ComplianceRecords records, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the current state of every register; a change is committed once this returns. It never replaces stored
    /// records with a state that lacks any of them or any of their revisions.
    /// </summary>
    /// <param name="records">The registers to store.</param>
    /// <param name="cancellationToken">Cancels the save; the stored state is then the previous one.</param>
    /// <returns>A task that completes when the state is durable.</returns>
    /// <exception cref="ComplianceException">The stored records could not be read or would lose records, or the store stayed locked.</exception>
    Task SaveAsync(ComplianceRecords records, CancellationToken cancellationToken = default);
}
