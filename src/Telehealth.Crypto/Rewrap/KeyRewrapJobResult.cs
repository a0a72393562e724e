namespace Telehealth.Crypto;

/// <summary>What one run of a <see cref="KeyRewrapJob"/> did.</summary>
public sealed record KeyRewrapJobResult
{
    /// <summary>Gets the number of envelopes read in this run.</summary>
    public required long Scanned { get; init; }

    /// <summary>Gets the number of envelopes moved onto the primary version.</summary>
    public required long Rewrapped { get; init; }

    /// <summary>Gets the number already on the primary version.</summary>
    public required long AlreadyCurrent { get; init; }

    /// <summary>Gets the number that changed while the job ran and were left alone.</summary>
    public required long Conflicts { get; init; }

    /// <summary>Gets the number that could not be re-wrapped (for example a destroyed key version).</summary>
    public required long Failed { get; init; }

    /// <summary>Gets whether this run continued from a checkpoint.</summary>
    public required bool Resumed { get; init; }

    /// <summary>Gets the number of subject keys (and the subject index key) moved onto the primary version.</summary>
    public int SubjectKeysRewrapped { get; init; }

    /// <summary>Gets the number of subject key files that could not be re-wrapped; they keep the old version in use.</summary>
    public int SubjectKeysFailed { get; init; }
}
