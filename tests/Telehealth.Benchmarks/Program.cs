using System.Globalization;
using BenchmarkDotNet.Running;
using Telehealth.Benchmarks;

// Runs the benchmark classes chosen on the command line, e.g.
//   dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*AuditAppend*'
// or the one-off measurements of streaming encryption (peak working set of a file; fastest-of-n throughput):
//   dotnet run -c Release --project tests/Telehealth.Benchmarks -- streaming-working-set [MiB]
//   dotnet run -c Release --project tests/Telehealth.Benchmarks -- streaming-throughput [MiB] [runs]
// or the building of the large logs LargeLogBenchmarks reuses (otherwise its first run builds them):
//   dotnet run -c Release --project tests/Telehealth.Benchmarks -- large-log-prepare
if (args.Length > 0 && args[0] == "streaming-working-set")
{
    await StreamingWorkingSet.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1024);
    return;
}

if (args.Length > 0 && args[0] == "streaming-throughput")
{
    await StreamingThroughput.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 256,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 9);
    return;
}

if (args.Length > 0 && args[0] == "large-log-prepare")
{
    await LargeLogBenchmarks.PrepareAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
