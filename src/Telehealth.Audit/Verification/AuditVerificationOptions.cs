namespace Telehealth.Audit;

/// <summary>What a verification trusts and what it compares the log with.</summary>
public sealed class AuditVerificationOptions
{
    /// <summary>Gets the verifier keys whose checkpoints are trusted (the log's current and earlier keys).</summary>
    /// <value>The default is empty: then no checkpoint is trusted.</value>
    public IList<CheckpointVerifierKey> TrustedKeys { get; } = [];

    /// <summary>
    /// Gets checkpoints kept outside the store: ones an auditor saved earlier, or that a witness
    /// cosigned. Each must be signed by a trusted key, and the log must be consistent with each: as
    /// long as its tree, with the same root at its size. That is what detects a log rolled back or
    /// rewritten together with every copy of signed state it keeps.
    /// </summary>
    /// <value>The default is empty.</value>
    public IList<SignedCheckpoint> PinnedCheckpoints { get; } = [];

    /// <summary>
    /// Parses a file of pinned checkpoints: signed notes one after the other, each ending with its
    /// signature lines, optionally separated by empty lines (the form <see cref="FormatPinnedCheckpoints"/> writes).
    /// </summary>
    /// <param name="text">The file's text.</param>
    /// <returns>The checkpoints, unverified.</returns>
    /// <exception cref="AuditFormatException">A note is malformed.</exception>
    public static IReadOnlyList<SignedCheckpoint> ParsePinnedCheckpoints(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var notes = new List<SignedCheckpoint>();
        var lines = text.Split('\n');
        var start = 0;
        while (start < lines.Length)
        {
            while (start < lines.Length && lines[start].Length == 0)
            {
                start++;
            }

            if (start >= lines.Length)
            {
                break;
            }

            // The body runs to the first empty line; the signature lines follow it.
            var end = start;
            while (end < lines.Length && lines[end].Length > 0)
            {
                end++;
            }

            end++;
            while (end < lines.Length && lines[end].StartsWith("\u2014 ", StringComparison.Ordinal))
            {
                end++;
            }

            notes.Add(SignedCheckpoint.Parse(string.Join('\n', lines[start..end]) + "\n"));
            start = end;
        }

        return notes;
    }

    /// <summary>Writes checkpoints in the form <see cref="ParsePinnedCheckpoints"/> reads: each note, then an empty line.</summary>
    /// <param name="checkpoints">The checkpoints to pin.</param>
    /// <returns>The file's text.</returns>
    public static string FormatPinnedCheckpoints(IEnumerable<SignedCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        return string.Concat(checkpoints.Select(c => c.Note + "\n"));
    }
}
