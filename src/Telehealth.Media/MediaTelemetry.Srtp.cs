using System.Diagnostics.Metrics;
using Telehealth.Media.Srtp;

namespace Telehealth.Media;

internal static partial class MediaTelemetry
{
    public static readonly Counter<long> SrtpPacketsProtected = Meter.CreateCounter<long>("telehealth.media.srtp.packets_protected", description: "SRTP packets protected.");

    public static readonly Counter<long> SrtpPacketsUnprotected = Meter.CreateCounter<long>("telehealth.media.srtp.packets_unprotected", description: "SRTP packets authenticated and decrypted.");

    public static readonly Counter<long> SrtcpPacketsProtected = Meter.CreateCounter<long>("telehealth.media.srtcp.packets_protected", description: "SRTCP packets protected.");

    public static readonly Counter<long> SrtcpPacketsUnprotected = Meter.CreateCounter<long>("telehealth.media.srtcp.packets_unprotected", description: "SRTCP packets authenticated and decrypted.");

    public static readonly Counter<long> SrtpPacketsRefused = Meter.CreateCounter<long>("telehealth.media.srtp.packets_refused", description: "SRTP and SRTCP packets refused, tagged with the reason (malformed, authentication, replay, SSRC, key lifetime).");

    public static readonly Counter<long> SrtpRekeyRequired = Meter.CreateCounter<long>("telehealth.media.srtp.rekey_required", description: "Sessions whose master key approached a packet limit.");

    // One boxed tag per status, built once, so counting a refusal allocates nothing.
    private static readonly KeyValuePair<string, object?>[] RefusalReasons =
        [.. Enum.GetValues<SrtpStatus>().Select(s => new KeyValuePair<string, object?>("reason", s.ToString()))];

    public static void CountSrtpRefusal(SrtpStatus status) => SrtpPacketsRefused.Add(1, RefusalReasons[(int)status]);
}
