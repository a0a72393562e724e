using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Telehealth.Media;

/// <summary>The package's <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <c>Telehealth.Media</c>.</summary>
internal static partial class MediaTelemetry
{
    public const string Name = "Telehealth.Media";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
