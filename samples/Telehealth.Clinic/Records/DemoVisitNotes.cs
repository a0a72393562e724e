using System.Text;
using Telehealth.Crypto;

namespace Telehealth.Clinic.Records;

/// <summary>
/// A few fictional visit notes, envelope encrypted on first run, so the key census, the encryption coverage and the
/// audit trail of key operations have something real to report on.
/// </summary>
internal static class DemoVisitNotes
{
    /// <summary>The tenant of the demo records.</summary>
    public const string Tenant = "clinic-demo";

    /// <summary>The record type of the demo records.</summary>
    public const string RecordType = "visit-note";

    private static readonly (string Key, string Text)[] Notes =
    [
        ("note-0001", "Fictional patient A: follow-up video visit, blood pressure 128/82, recheck in 2 weeks."),
        ("note-0002", "Fictional patient B: medication review, no changes, next visit in 3 months."),
        ("note-0003", "Fictional patient C: dermatology photo review, referred for in-person exam."),
    ];

    /// <summary>Gets the record keys of the demo notes.</summary>
    public static IEnumerable<string> Keys => Notes.Select(n => n.Key);

    /// <summary>The context a note is encrypted under: built from the record's identity, never from caller input.</summary>
    /// <param name="recordKey">The record key.</param>
    /// <returns>The encryption context.</returns>
    public static EncryptionContext ContextOf(string recordKey) => new(Tenant, RecordType, recordKey, "storage");

    /// <summary>Encrypts the notes and stores them in <paramref name="store"/>.</summary>
    /// <param name="cipher">The envelope cipher.</param>
    /// <param name="store">The record store.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>The number of notes stored.</returns>
    public static async Task<int> StoreAsync(IEnvelopeCipher cipher, FileEnvelopeStore store, CancellationToken cancellationToken)
    {
        foreach (var (key, text) in Notes)
        {
            var envelope = await cipher.EncryptAsync(Encoding.UTF8.GetBytes(text), ContextOf(key), cancellationToken);
            await store.PutAsync(key, envelope, cancellationToken);
        }

        return Notes.Length;
    }
}
