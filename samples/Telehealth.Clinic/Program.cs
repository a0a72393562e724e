namespace Telehealth.Clinic;

/// <summary>Starts the clinic host: <c>dotnet run --project samples/Telehealth.Clinic</c>.</summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        await using var app = ClinicHost.Build(args);
        await app.RunAsync();
    }
}
