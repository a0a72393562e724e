namespace Telehealth.Crypto;

/// <summary>
/// A key-encryption key version was not disabled, destroyed or retired because records or keys still
/// need it (code TH2100). Nothing was changed. <see cref="Blockers"/> names them per source and version;
/// values whose version could not be read (<see cref="KeyVersionCensusResult.Unreadable"/>) block too.
/// Move them with the keyring-wide <see cref="KeyRewrapJob"/>, then try again.
/// </summary>
public sealed class KeyVersionInUseException : CryptoException
{
    internal KeyVersionInUseException(string message, KeyVersionCensusResult census, IReadOnlyList<KeyVersionCount> blockers)
        : base(CryptoErrorCodes.KeyVersionInUse, message)
    {
        Census = census;
        Blockers = blockers;
    }

    /// <summary>Gets the census the refusal was decided on.</summary>
    public KeyVersionCensusResult Census { get; }

    /// <summary>Gets the counts, per source and version, of what still needs the versions being retired.</summary>
    public IReadOnlyList<KeyVersionCount> Blockers { get; }
}
