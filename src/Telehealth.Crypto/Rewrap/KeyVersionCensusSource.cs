namespace Telehealth.Crypto;

/// <summary>What a census read from one source.</summary>
/// <param name="Name">The source: <c>records</c> (or the name an envelope store was registered with), <c>subject keys</c> or <c>integrity keys</c>.</param>
/// <param name="Total">The number of values read.</param>
/// <param name="Unreadable">The number that are not readable envelope headers or key files, so the key version they need is unknown.</param>
/// <param name="Shredded">The number of envelopes whose subject key was destroyed: unreadable by design, they need no key version.</param>
public sealed record KeyVersionCensusSource(string Name, long Total, long Unreadable, long Shredded);
