using BenchmarkDotNet.Running;
using Telehealth.Benchmarks;

// Runs the benchmark classes chosen on the command line, e.g.
//   dotnet run -c Release --project tests/Telehealth.Benchmarks -- --filter '*AuditAppend*'
// or the one-off peak working-set measurement of streaming encryption:
//   dotnet run -c Release --project tests/Telehealth.Benchmarks -- streaming-working-set [MiB]
if (args.Length > 0 && args[0] == "streaming-working-set")
{
    await StreamingWorkingSet.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1024);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
