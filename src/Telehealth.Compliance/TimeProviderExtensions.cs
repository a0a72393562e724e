namespace Telehealth.Compliance;

/// <summary>Dates of the package are calendar dates in UTC.</summary>
internal static class TimeProviderExtensions
{
    public static DateOnly GetUtcToday(this TimeProvider timeProvider) =>
        DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);
}
