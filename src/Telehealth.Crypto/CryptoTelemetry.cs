using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Telehealth.Crypto;

/// <summary>The package's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Telehealth.Crypto</c>.</summary>
internal static class CryptoTelemetry
{
    public const string Name = "Telehealth.Crypto";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Encrypted = Meter.CreateCounter<long>("telehealth.crypto.envelopes.encrypted", description: "Envelopes encrypted.");

    public static readonly Counter<long> Decrypted = Meter.CreateCounter<long>("telehealth.crypto.envelopes.decrypted", description: "Envelopes decrypted.");

    public static readonly Counter<long> DecryptionFailures = Meter.CreateCounter<long>("telehealth.crypto.envelopes.decryption_failures", description: "Envelopes refused: tampered, wrong context, or unusable key.");

    public static readonly Counter<long> Rewrapped = Meter.CreateCounter<long>("telehealth.crypto.envelopes.rewrapped", description: "Envelope headers re-wrapped under a new key version.");
}
