namespace Telehealth.Crypto;

/// <summary>
/// What one run of a <see cref="KeyRewrapJob"/> did. A class, not a record: it holds a list, which a
/// record would compare by reference.
/// </summary>
public sealed class KeyRewrapJobResult
{
    /// <summary>Gets the number of envelopes read in this run.</summary>
    public required long Scanned { get; init; }

    /// <summary>Gets the number of envelopes moved onto the primary version.</summary>
    public required long Rewrapped { get; init; }

    /// <summary>Gets the number already on the primary version.</summary>
    public required long AlreadyCurrent { get; init; }

    /// <summary>Gets the number that changed while the job ran and were left alone.</summary>
    public required long Conflicts { get; init; }

    /// <summary>
    /// Gets the number of envelopes that could not be re-wrapped (for example a destroyed key version or
    /// a damaged header), in this run and in the runs it resumed: they keep their old version in use.
    /// </summary>
    public required long Failed { get; init; }

    /// <summary>Gets the record keys of the failed envelopes, the first <see cref="KeyRewrapJob.MaxFailedRecordKeys"/> of them.</summary>
    public IReadOnlyList<string> FailedRecordKeys { get; init; } = [];

    /// <summary>Gets the number of envelopes of a shredded subject (its subject key was destroyed): skipped, since they need no key.</summary>
    public long Shredded { get; init; }

    /// <summary>Gets whether this run continued from a checkpoint of the same rotation.</summary>
    public required bool Resumed { get; init; }

    /// <summary>Gets the number of subject keys (and the subject index key) moved onto the primary version.</summary>
    public int SubjectKeysRewrapped { get; init; }

    /// <summary>Gets the number of subject key files that could not be re-wrapped; they keep the old version in use.</summary>
    public int SubjectKeysFailed { get; init; }

    /// <summary>Describes the run by counts only.</summary>
    /// <returns>The counts.</returns>
    public override string ToString() =>
        $"KeyRewrapJobResult(scanned {Scanned}, rewrapped {Rewrapped}, current {AlreadyCurrent}, conflicts {Conflicts}, failed {Failed}, shredded {Shredded}, subject keys {SubjectKeysRewrapped}/{SubjectKeysFailed} failed, resumed {Resumed})";
}
